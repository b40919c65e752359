/**
 * The whole pipeline from source text, the way the CLI and the editor run
 * it: analyze → render → dispatch → history. Shared by the robustness tests
 * and bench/robustness.ts.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { analyze } from '../../grammar/analyze';
import type { RenderedDelivery } from '../../grammar/render/delivery';
import { render, type RenderResult, type RenderSelection } from '../../grammar/render/render';
import { EXAMPLES_HOST, ROOT } from './fuzz';

export const CLI = join(ROOT, 'dist', 'cli.js');

/** Analyze and render source text; the text must have no errors. */
export function renderSource(text: string, selection: RenderSelection = {}): RenderResult {
  const analysis = analyze(text, EXAMPLES_HOST);
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(errors.map((d) => `${d.code} ${d.message}`), [], 'the test source must check cleanly');
  return render(analysis.file, analysis.catalog, selection);
}

/** The deliveries of error-free source text whose render has no errors. */
export function deliveriesOf(text: string, selection: RenderSelection = {}): RenderedDelivery[] {
  const r = renderSource(text, selection);
  assert.deepEqual(r.errors.map((e) => e.message), [], 'the test source must render');
  return r.deliveries;
}

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** The built `notify` command as a real process, with exactly `env` (plus PATH). */
export function runCli(args: readonly string[], cwd: string, env: Record<string, string> = {}, timeoutMs = 60_000): Promise<CliRun> {
  const started = performance.now();
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { PATH: process.env.PATH ?? '', ...env } });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr, ms: performance.now() - started });
    });
  });
}

/** A scratch folder holding `files`. */
export function scratch(files: Record<string, string>, prefix = 'notify-robust-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** Every file under `dir` (recursively) with its content. */
export function filesUnder(dir: string): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push({ path: p, text: readFileSync(p, 'latin1') + '\n' + readFileSync(p, 'utf8') });
  }
  return out;
}

/** A sleep that records the waits it was asked for and returns at once. */
export function recordingSleep(): { sleep: (ms: number) => Promise<void>; waits: number[] } {
  const waits: number[] = [];
  return { waits, sleep: async (ms) => void waits.push(ms) };
}
