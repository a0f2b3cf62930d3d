'use strict';
// `ggen completion <shell>`: a completion script generated from the command table.
const scripts = require('../cli/completion-scripts');

function verb(shell, how) {
  return {
    summary: `print the ${shell} completion script (${how})`,
    flags: {},
    examples: [`ggen completion ${shell} ${how.startsWith('source') ? '> ~/.ggen-completion.' + shell : ''}`.trim()],
    run: () => ({ shell, script: scripts[shell](require('.').commands) }),
    render: (r, out) => out.data(r.script),
  };
}

module.exports = {
  description: 'shell completion scripts for bash, zsh and fish',
  verbs: {
    bash: verb('bash', 'source <(ggen completion bash)'),
    zsh: verb('zsh', 'source <(ggen completion zsh)'),
    fish: verb('fish', 'ggen completion fish | source'),
  },
};
