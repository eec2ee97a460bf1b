// Recently opened captures, most recent first, persisted as JSON (in app.getPath('userData')).
//
// Rules: at most RECENT_MAX absolute paths, no duplicates. A missing or corrupt file means "no
// recent files" (never a crash at startup). Writes go to a temporary file that is then renamed, so
// a crash mid-write cannot corrupt the list. The list doubles as an allowlist: the renderer may ask
// to open a path only if it is on it (see ipc/handlers/open-recent.ts).

import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute } from 'node:path';

export const RECENT_MAX = 10;

interface RecentFilesJson {
  version: 1;
  files: string[];
}

export class RecentFiles {
  private files: string[] = [];

  private constructor(private readonly jsonPath: string) {}

  /** Loads the list from `jsonPath` (an empty list if it is missing or unreadable). */
  static async load(jsonPath: string): Promise<RecentFiles> {
    const recent = new RecentFiles(jsonPath);
    try {
      const parsed: unknown = JSON.parse(await readFile(jsonPath, 'utf8'));
      recent.files = pathsFrom(parsed);
    } catch {
      recent.files = [];
    }
    return recent;
  }

  list(): string[] {
    return [...this.files];
  }

  has(path: string): boolean {
    return this.files.includes(path);
  }

  /** Moves `path` to the front and saves. */
  async add(path: string): Promise<void> {
    this.files = [path, ...this.files.filter((file) => file !== path)].slice(0, RECENT_MAX);
    await this.save();
  }

  async remove(path: string): Promise<void> {
    this.files = this.files.filter((file) => file !== path);
    await this.save();
  }

  async clear(): Promise<void> {
    this.files = [];
    await this.save();
  }

  private async save(): Promise<void> {
    const json: RecentFilesJson = { version: 1, files: this.files };
    await mkdir(dirname(this.jsonPath), { recursive: true });
    const temporary = `${this.jsonPath}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify(json, null, 2)}\n`, 'utf8');
    await rename(temporary, this.jsonPath);
  }
}

function pathsFrom(parsed: unknown): string[] {
  if (typeof parsed !== 'object' || parsed === null) return [];
  const files = (parsed as Partial<RecentFilesJson>).files;
  if (!Array.isArray(files)) return [];
  const valid = files.filter((file): file is string => typeof file === 'string' && isAbsolute(file));
  return [...new Set(valid)].slice(0, RECENT_MAX);
}
