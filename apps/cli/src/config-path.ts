/** Default config file location: $XDG_CONFIG_HOME/tiksaver/config.json, else ~/.config/... */
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultConfigPath(env: Record<string, string | undefined>): string {
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return join(base, 'tiksaver', 'config.json');
}
