import { createContext, useContext, useEffect } from 'react';
import type { Session, Team, User } from '../../../src/shared/index.js';

/** What every page of the signed-in workspace can rely on. */
export interface Workspace {
  session: Session;
  teams: Team[];
  users: User[];
}

export const WorkspaceContext = createContext<Workspace | null>(null);

export function useWorkspace(): Workspace {
  const workspace = useContext(WorkspaceContext);
  if (!workspace) throw new Error('useWorkspace needs a signed-in workspace around it');
  return workspace;
}

const CASES_CHANGED = 'aftercare:cases-changed';

/** Tells views that show case counts or lists that a case was changed from this tab. */
export function announceCasesChanged(): void {
  window.dispatchEvent(new Event(CASES_CHANGED));
}

export function useCasesChanged(listener: () => void): void {
  useEffect(() => {
    window.addEventListener(CASES_CHANGED, listener);
    return () => window.removeEventListener(CASES_CHANGED, listener);
  }, [listener]);
}

export function useDocumentTitle(title: string | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} · Aftercare` : 'Aftercare';
  }, [title]);
}
