#!/usr/bin/env node
// `npm run screenshots`: refreshes docs/images/chat.png, the README's screenshot, from the browser
// test that takes it (webapp/e2e/chat.spec.ts, "reconnects by itself …"). The test starts its own
// local cloud on free ports and Chromium at /usr/bin/chromium; CHORUS_SCREENSHOT_DIR tells it to
// write into docs/images instead of artifacts/. Commit the new PNG when it changed on purpose.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import project from './lib/project.cjs';

const { PROJECT_ROOT } = project;
const IMAGES = path.join(PROJECT_ROOT, 'docs', 'images');
const SCREENSHOT = path.join(IMAGES, 'chat.png');
const TEST_FILE = 'chat\\.spec\\.ts';
const TEST_NAME = 'reconnects by itself';

fs.mkdirSync(IMAGES, { recursive: true });
const before = fs.existsSync(SCREENSHOT) ? fs.statSync(SCREENSHOT).mtimeMs : 0;

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const run = spawnSync(npm, ['run', 'e2e', '-w', 'webapp', '--', TEST_FILE, '-t', TEST_NAME], {
  cwd: PROJECT_ROOT,
  stdio: 'inherit',
  env: { ...process.env, CHORUS_SCREENSHOT_DIR: IMAGES },
});
if (run.error) {
  console.error(`could not run the browser test: ${run.error.message}`);
  process.exit(1);
}
if (run.status !== 0) {
  console.error(
    `the browser test failed (exit ${run.status}); ${path.relative(PROJECT_ROOT, SCREENSHOT)} is unchanged`,
  );
  process.exit(run.status ?? 1);
}
if (!fs.existsSync(SCREENSHOT) || fs.statSync(SCREENSHOT).mtimeMs <= before) {
  console.error(
    `the browser test passed but wrote no new ${path.relative(PROJECT_ROOT, SCREENSHOT)}: ` +
      `does "${TEST_NAME}" in webapp/e2e/chat.spec.ts still take the screenshot into CHORUS_SCREENSHOT_DIR?`,
  );
  process.exit(1);
}
console.log(`wrote ${path.relative(PROJECT_ROOT, SCREENSHOT)} (${fs.statSync(SCREENSHOT).size} bytes)`);
