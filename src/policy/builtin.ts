/**
 * Built-in policies (policies/*.yaml, shipped in the package) are accepted by
 * name: `check --policy kms-client-image`. A path that exists always wins.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { POLICIES_DIR } from '../data/paths.js';

export function builtinPolicyNames(): string[] {
  try {
    return readdirSync(POLICIES_DIR)
      .filter((file) => file.endsWith('.yaml'))
      .map((file) => file.slice(0, -'.yaml'.length))
      .sort();
  } catch {
    return [];
  }
}

/** The file to load for `--policy ARG`: the path as given, or the built-in policy of that name. */
export function resolvePolicyFile(arg: string): string {
  if (existsSync(arg)) return arg;
  // `policies/kms-client-image.yaml` as the README writes it also works from outside a checkout
  const name = arg.replace(/^(?:\.[\\/])?policies[\\/]/, '').replace(/\.ya?ml$/i, '');
  if (/^[\w.-]+$/.test(name) && builtinPolicyNames().includes(name)) return join(POLICIES_DIR, `${name}.yaml`);
  return arg;
}
