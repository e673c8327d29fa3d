/**
 * A mistake in how the CLI was called (an unknown flag, a bad value, flags that exclude each other).
 * The message is one line naming the flag; main.ts prints it and exits with code 2, as is usual for
 * usage errors, while data errors exit 1.
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}
