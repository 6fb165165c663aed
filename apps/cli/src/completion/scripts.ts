import type { Command } from 'commander';
import {
  allCommands,
  type CommandSpec,
  completionSpec,
  type OptionSpec,
  type ValueSource,
} from './spec.js';

/** The shells `vaultline completion` writes scripts for. */
export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

/** The hidden command that prints the config's connection names, one a line. */
export const CONNECTIONS_COMMAND = '__connections';

const quote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;
const key = (spec: CommandSpec): string => spec.path.join(' ') || '_root';

/** A value source as the bash script's one-word code: words:..., connections, files, text. */
function sourceCode(source: ValueSource): string {
  return source.kind === 'words' ? `words:${source.words.join(' ')}` : source.kind;
}

/** `case` arms of a bash function from (pattern, output) pairs. */
const arms = (pairs: [string, string][]): string =>
  pairs.map(([pattern, output]) => `    ${quote(pattern)}) echo ${quote(output)} ;;`).join('\n');

function bashTables(root: CommandSpec): string {
  const specs = allCommands(root);
  const optionValues: [string, string][] = specs.flatMap((spec) =>
    spec.options.flatMap((option: OptionSpec) =>
      option.value
        ? option.flags.map((flag): [string, string] => [
            `${key(spec)}|${flag}`,
            sourceCode(option.value as ValueSource),
          ])
        : [],
    ),
  );
  return `_vaultline_subcommands() {
  case "$1" in
${arms(specs.filter((s) => s.subcommands.length > 0).map((s) => [key(s), s.subcommands.map((sub) => sub.path.at(-1)).join(' ')]))}
  esac
}
_vaultline_options() {
  case "$1" in
${arms(specs.map((s) => [key(s), s.options.flatMap((o) => o.flags).join(' ')]))}
  esac
}
# What an option takes (words:..., connections, files, text); nothing when it takes no value.
_vaultline_option_value() {
  case "$1|$2" in
${arms(optionValues)}
  esac
}
_vaultline_argument() {
  case "$1" in
${arms(specs.filter((s) => s.argument).map((s) => [key(s), sourceCode(s.argument as ValueSource)]))}
  esac
}`;
}

// The walk over the words typed so far: option values are skipped (so a command is found
// after global options such as --config FILE), --config is remembered for connection names.
const BASH_FUNCTIONS = `_vaultline_fill() {
  local cur="\${COMP_WORDS[COMP_CWORD]}"
  case "$1" in
    words:*) COMPREPLY=( $(compgen -W "\${1#words:}" -- "$cur") ) ;;
    connections) COMPREPLY=( $(compgen -W "$("\${COMP_WORDS[0]}" \${_vaultline_config:+--config "$_vaultline_config"} ${CONNECTIONS_COMMAND} 2>/dev/null)" -- "$cur") ) ;;
    files) COMPREPLY=( $(compgen -f -- "$cur") ) ;;
    *) COMPREPLY=() ;;
  esac
}
_vaultline() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" path="_root" word pending="" argument="" i subs
  _vaultline_config=""
  for (( i=1; i<COMP_CWORD; i++ )); do
    word="\${COMP_WORDS[i]}"
    if [[ -n "$pending" ]]; then
      if [[ "$pending" == "--config" || "$pending" == "-c" ]]; then _vaultline_config="$word"; fi
      pending=""
      continue
    fi
    case "$word" in
      --) _vaultline_fill files; return ;;
      --config=*) _vaultline_config="\${word#*=}" ;;
      --*=*) ;;
      -*) if [[ -n "$(_vaultline_option_value "$path" "$word")" ]]; then pending="$word"; fi ;;
      *)
        subs=" $(_vaultline_subcommands "$path") "
        if [[ -z "$argument" && "$subs" == *" $word "* ]]; then
          if [[ "$path" == _root ]]; then path="$word"; else path="$path $word"; fi
        else
          argument="$word"
        fi
        ;;
    esac
  done
  if [[ -n "$pending" ]]; then _vaultline_fill "$(_vaultline_option_value "$path" "$pending")"; return; fi
  if [[ "$cur" == -* ]]; then COMPREPLY=( $(compgen -W "$(_vaultline_options "$path")" -- "$cur") ); return; fi
  subs="$(_vaultline_subcommands "$path")"
  if [[ -n "$subs" ]]; then COMPREPLY=( $(compgen -W "$subs" -- "$cur") ); return; fi
  if [[ -z "$argument" ]]; then _vaultline_fill "$(_vaultline_argument "$path")"; return; fi
  COMPREPLY=()
}
complete -F _vaultline vaultline`;

function bash(root: CommandSpec): string {
  return `# vaultline completion for bash: eval "$(vaultline completion bash)"
${bashTables(root)}
${BASH_FUNCTIONS}
`;
}

// zsh runs the bash functions through its bashcompinit, so both shells complete alike.
function zsh(root: CommandSpec): string {
  return `# vaultline completion for zsh: eval "$(vaultline completion zsh)" in ~/.zshrc
autoload -U +X compinit && { (( $+functions[compdef] )) || compinit; }
autoload -U +X bashcompinit && bashcompinit
${bashTables(root)}
${BASH_FUNCTIONS}
`;
}

const FISH_FUNCTIONS = `function __vaultline_connections
    set -l tokens (commandline -opc)
    set -l config
    for i in (seq (count $tokens))
        if contains -- $tokens[$i] --config -c; and test $i -lt (count $tokens)
            set config --config $tokens[(math $i + 1)]
        end
    end
    $tokens[1] $config ${CONNECTIONS_COMMAND} 2>/dev/null
end`;

function fishValue(source: ValueSource): string {
  if (source.kind === 'words') return ` -xa ${quote(source.words.join(' '))}`;
  if (source.kind === 'connections') return ` -xa '(__vaultline_connections)'`;
  if (source.kind === 'files') return ' -rF';
  return ' -x';
}

function fishOption(option: OptionSpec, condition: string | undefined): string | undefined {
  const long = option.flags.find((flag) => flag.startsWith('--'))?.slice(2);
  const short = option.flags.find((flag) => !flag.startsWith('--'))?.slice(1);
  if (!long) return undefined;
  return `complete -c vaultline${condition ? ` -n ${quote(condition)}` : ''} -l ${long}${short ? ` -s ${short}` : ''}${option.value ? fishValue(option.value) : ''} -d ${quote(option.description)}`;
}

function fish(root: CommandSpec): string {
  const top = root.subcommands.map((s) => s.path[0]).join(' ');
  const lines = [
    '# vaultline completion for fish: vaultline completion fish > ~/.config/fish/completions/vaultline.fish',
    FISH_FUNCTIONS,
    'complete -c vaultline -f',
  ];
  // The program's options apply everywhere: they are completed without a condition.
  for (const option of root.options) lines.push(fishOption(option, undefined) ?? '');
  for (const spec of allCommands(root)) {
    const last = spec.path.at(-1);
    const condition =
      spec.path.length === 0
        ? `not __fish_seen_subcommand_from ${top}`
        : `__fish_seen_subcommand_from ${last}${spec.subcommands.length > 0 ? `; and not __fish_seen_subcommand_from ${spec.subcommands.map((s) => s.path.at(-1)).join(' ')}` : ''}`;
    for (const sub of spec.subcommands) {
      lines.push(
        `complete -c vaultline -n ${quote(condition)} -a ${quote(sub.path.at(-1) ?? '')} -d ${quote(sub.description)}`,
      );
    }
    if (spec.path.length === 0) continue;
    const own = spec.options.filter((option) => !root.options.includes(option));
    for (const option of own) lines.push(fishOption(option, condition) ?? '');
    if (spec.argument && spec.argument.kind !== 'text') {
      lines.push(`complete -c vaultline -n ${quote(condition)}${fishValue(spec.argument)}`);
    }
  }
  return `${lines.filter(Boolean).join('\n')}\n`;
}

/**
 * The completion script of a shell for the whole program: commands, subcommands, options
 * (the global ones after any command too), option values (`--format`, `--output`), files,
 * and connection names read from the config as the shell completes.
 *
 * @example
 * completionScript(program, 'bash'); // "# vaultline completion for bash ..."
 */
export function completionScript(program: Command, shell: Shell): string {
  const root = completionSpec(program);
  return shell === 'bash' ? bash(root) : shell === 'zsh' ? zsh(root) : fish(root);
}
