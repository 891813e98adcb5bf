import type { Channel, Direction } from '../../../src/shared/index.js';

// Outline icons drawn on a 24-unit grid; decorative, since a text label always sits beside them.
const CHANNEL_PATHS: Record<Channel, string[]> = {
  email: ['M3 6h18v12H3z', 'm3 7 9 6 9-6'],
  phone: [
    'M5 4h4l2 5-2.5 1.5a11 11 0 0 0 5 5L15 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 6a2 2 0 0 1 2-2',
  ],
  sms: ['M4 5h16v11H9l-5 4z', 'M8 9h8', 'M8 12h5'],
  chat: ['M3 4h12v9H7l-4 3z', 'M9 16v1h8l4 3V8h-3'],
  in_person: ['M12 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8', 'M4 21a8 8 0 0 1 16 0'],
  web: ['M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18', 'M3 12h18', 'M12 3a14 14 0 0 1 0 18', 'M12 3a14 14 0 0 0 0 18'],
  letter: ['M6 3h9l4 4v14H6z', 'M14 3v5h5', 'M9 13h7', 'M9 17h5'],
};

const DIRECTION_PATHS: Record<Direction, string[]> = {
  inbound: ['M17 7 7 17', 'M7 9v8h8'],
  outbound: ['M7 17 17 7', 'M9 7h8v8'],
  internal: ['M6 11h12v10H6z', 'M8 11V8a4 4 0 0 1 8 0v3'],
};

const JOURNEY_PATHS: Record<'purchase' | 'delivery' | 'case_opened', string[]> = {
  purchase: ['M5 8h14l-1 13H6z', 'M9 8V6a3 3 0 0 1 6 0v2'],
  delivery: ['M3 6h11v10H3z', 'M14 10h4l3 3v3h-7', 'M7 19a2 2 0 1 0 0-4 2 2 0 0 0 0 4', 'M17 19a2 2 0 1 0 0-4 2 2 0 0 0 0 4'],
  case_opened: ['M3 6h6l2 2h10v11H3z', 'M12 11v5', 'M9.5 13.5h5'],
};

function Icon({ paths }: { paths: string[] }) {
  return (
    <svg className="icon" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">
      {paths.map((path) => (
        <path key={path} d={path} />
      ))}
    </svg>
  );
}

export function ChannelIcon({ channel }: { channel: Channel }) {
  return <Icon paths={CHANNEL_PATHS[channel] ?? CHANNEL_PATHS.web} />;
}

export function DirectionIcon({ direction }: { direction: Direction }) {
  return <Icon paths={DIRECTION_PATHS[direction] ?? DIRECTION_PATHS.inbound} />;
}

export function JourneyIcon({ type }: { type: keyof typeof JOURNEY_PATHS }) {
  return <Icon paths={JOURNEY_PATHS[type]} />;
}
