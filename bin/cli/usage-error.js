'use strict';
// A mistake in how the command was called: exit code 2, with a hint.
class UsageError extends Error {
  constructor(message, hint) {
    super(message);
    this.name = 'UsageError';
    this.code = 'E_USAGE';
    if (hint) this.hint = hint;
  }
}
module.exports = { UsageError };
