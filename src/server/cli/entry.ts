import { main } from './main.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // A CLI user gets the reason, not a stack trace.
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
