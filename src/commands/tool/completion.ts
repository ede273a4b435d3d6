//! `letters completion bash|zsh|fish|powershell`: a script that the shell loads to complete
//! letters' command lines. Each script asks `letters __complete --line "<the line so far>"`
//! (complete.ts) for the words, so commands, flags, slugs and templates stay current; its last
//! line tells the script to add the words, to complete file names itself, or to add no space.
import { usageError } from '../../errors.js';
import type { HelpOutput } from './help.js';

export const SHELLS = ['bash', 'zsh', 'fish', 'powershell'] as const;
export type Shell = (typeof SHELLS)[number];

const BASH = `# letters completion for bash. Load it with:  source <(letters completion bash)
# or keep it:  letters completion bash > ~/.local/share/bash-completion/completions/letters
_letters_complete() {
  local line="\${COMP_LINE:0:COMP_POINT}" cur="\${COMP_WORDS[COMP_CWORD]}"
  local -a out
  mapfile -t out < <(letters __complete --line "$line" 2>/dev/null)
  [ "\${#out[@]}" -ge 2 ] || return 0
  local directive="\${out[\${#out[@]}-1]}" word="\${out[0]#>}"
  out=("\${out[@]:1:\${#out[@]}-2}")
  case "$directive" in
    :files) compopt -o default 2>/dev/null || true; COMPREPLY=(); return 0 ;;
    :dirs) compopt -o dirnames 2>/dev/null || true; COMPREPLY=(); return 0 ;;
    :nospace) compopt -o nospace 2>/dev/null || true ;;
  esac
  # bash splits a word at = and : (COMP_WORDBREAKS); offer only what follows the part it holds.
  local strip=""
  if [ "\${word%"$cur"}" != "$word" ]; then strip="\${word%"$cur"}"; fi
  COMPREPLY=()
  local c
  for c in "\${out[@]}"; do COMPREPLY+=("\${c#"$strip"}"); done
  return 0
}
complete -F _letters_complete letters
`;

const ZSH = `#compdef letters
# letters completion for zsh. Load it with:  source <(letters completion zsh)
# or keep it as _letters in a folder of your $fpath.
_letters() {
  local -a out
  out=("\${(@f)$(letters __complete --line "\${BUFFER[1,CURSOR]}" 2>/dev/null)}")
  (( \${#out} >= 2 )) || return 1
  local directive=\${out[-1]}
  out=("\${(@)out[2,-2]}")
  case $directive in
    :files) _files ;;
    :dirs) _files -/ ;;
    :nospace) compadd -Q -S '' -- "\${(@)out}" ;;
    *) compadd -Q -- "\${(@)out}" ;;
  esac
}
if (( $+functions[compdef] )); then compdef _letters letters; fi
`;

const FISH = `# letters completion for fish. Load it with:  letters completion fish | source
# or keep it:  letters completion fish > ~/.config/fish/completions/letters.fish
function __letters_complete
    set -l out (letters __complete --line (commandline -cp) 2>/dev/null)
    test (count $out) -ge 2; or return
    switch $out[-1]
        case :files :dirs
            __fish_complete_path (commandline -ct)
        case '*'
            printf '%s\\n' $out[2..-2]
    end
end
complete -c letters -f -a '(__letters_complete)'
`;

const POWERSHELL = `# letters completion for PowerShell. Load it with:
#   letters completion powershell | Out-String | Invoke-Expression
# or add that line to your $PROFILE.
Register-ArgumentCompleter -Native -CommandName letters -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)
    $text = $commandAst.Extent.Text
    $line = $text.Substring(0, [Math]::Min($text.Length, $cursorPosition - $commandAst.Extent.StartOffset))
    if ($cursorPosition -gt $commandAst.Extent.EndOffset) { $line += ' ' }
    $out = @(letters __complete --line "$line" 2>$null)
    if ($out.Count -lt 2) { return }
    if ($out[-1] -eq ':files' -or $out[-1] -eq ':dirs') { return }
    if ($out.Count -eq 2) { return }
    $out[1..($out.Count - 2)] | ForEach-Object {
        [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
    }
}
`;

const SCRIPTS: Record<Shell, string> = { bash: BASH, zsh: ZSH, fish: FISH, powershell: POWERSHELL };

/** `letters completion <shell> [--json]`: the script, to load or to keep. */
export function completion(out: HelpOutput, shell: string, options: { json?: boolean }): void {
  if (!(SHELLS as readonly string[]).includes(shell)) {
    throw usageError(`no completion for "${shell}"`, `choose one of ${SHELLS.join(', ')}`);
  }
  const script = SCRIPTS[shell as Shell];
  if (options.json) {
    out.outJson({ shell, script });
    return;
  }
  for (const line of script.trimEnd().split('\n')) out.print(line);
}
