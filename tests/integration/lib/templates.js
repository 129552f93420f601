// Workshop templates for tests: the shipped codev-90 plus "fast", six
// steps of 3 seconds, in a temporary templates directory.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir, SOURCE_ROOT } from './hub.js';

export const FAST = {
  id: 'fast', name: 'Fast test workshop',
  steps: ['presentation', 'questions', 'contract', 'consultation', 'synthesis', 'learnings']
    .map((kind) => ({ kind, seconds: 3 })),
};

export function templatesDir() {
  const dir = path.join(tempDir('codevhub-tpl-'), 'templates');
  mkdirSync(dir);
  copyFileSync(path.join(SOURCE_ROOT, 'config/templates/codev-90.json'), path.join(dir, 'codev-90.json'));
  writeFileSync(path.join(dir, 'fast.json'), JSON.stringify(FAST));
  return dir;
}
