/**
 * Loading: the prebuilt module and its import/export table, the cached
 * backend, separate instances, streaming and non-streaming responses, the
 * browser entry (with fetch stubbed), refusal of foreign modules, and the
 * build scripts' freshness check.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type KernelSetup as CoreKernelSetup,
  ReferenceKernel,
} from '../../core/src/dynamics/kernel.js';
import { prepareKernelSetup } from '../../core/src/dynamics/setup.js';
import { normalizeProblem } from '../../core/src/problem/normalize.js';
import { resolveOptions } from '../../core/src/solver/options.js';
import {
  compileWasmModule,
  createWasmKernel,
  instantiateWasmBackend,
  type KernelSetup,
  loadFromResponse,
  loadWasmBackend,
  loadWasmModule,
  WASM_URL,
} from '../src/node.js';

interface WasmStatic {
  Module: {
    new (bytes: Uint8Array): object;
    imports(m: object): Array<{ module: string; name: string; kind: string }>;
    exports(m: object): Array<{ name: string; kind: string }>;
  };
  CompileError: ErrorConstructor;
}
const WA = (globalThis as unknown as { WebAssembly: WasmStatic }).WebAssembly;

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
const bytes = () => readFileSync(WASM_URL);

function setup(): KernelSetup {
  const problem = normalizeProblem({
    A: [
      [2, 0.5],
      [0.5, 1],
    ],
    b: [-1, 1],
    C: [[1, -1]],
    lo: [0.2],
    hi: [0.7],
    lower: [-1, -1],
    upper: [1, 0.1],
  });
  return prepareKernelSetup(problem, resolveOptions({}));
}

/** Runs 60 iterations on a backend and compares x with the reference, bit for bit. */
function expectWorks(create: (s: KernelSetup) => ReturnType<typeof createWasmKernel>): void {
  const s = setup();
  const k = create(s);
  const ref = new ReferenceKernel(s as CoreKernelSetup);
  const x0 = Float64Array.of(0.9, -0.9);
  k.reset(x0);
  ref.reset(x0);
  expect(k.advance(60)).toBe(ref.advance(60));
  expect(new BigUint64Array(k.x.slice().buffer)).toEqual(new BigUint64Array(ref.x.slice().buffer));
  expect(k.spikes).toBe(ref.spikes);
  k.dispose();
}

describe('the prebuilt module', () => {
  it('ships next to src/ and dist/ and is a standalone module with one import', () => {
    expect(fileURLToPath(WASM_URL)).toBe(`${PACKAGE_DIR}wasm/snn_kernel.wasm`);
    const module = new WA.Module(bytes());
    expect(WA.Module.imports(module)).toEqual([
      { module: 'env', name: 'emscripten_notify_memory_growth', kind: 'function' },
    ]);
    const exported = new Set(WA.Module.exports(module).map((e) => e.name));
    for (const name of [
      'memory',
      '_initialize',
      'snn_create',
      'snn_advance',
      'snn_alloc',
      'snn_free',
    ]) {
      expect(exported.has(name), name).toBe(true);
    }
  });
});

describe('node entry', () => {
  it('loads once and returns the same backend', async () => {
    const a = await loadWasmBackend();
    const b = await loadWasmBackend();
    expect(a).toBe(b);
    expect(a.name).toBe('wasm');
    expect((await loadWasmModule()).kind).toBe('snn-opt-wasm-module');
    expectWorks((s) => a.createKernel(s));
    expectWorks((s) => createWasmKernel(a, s));
  });

  it('makes separate instances with their own memory from the cached module', async () => {
    const shared = await loadWasmBackend();
    const own = await instantiateWasmBackend(await loadWasmModule());
    expect(own).not.toBe(shared);
    const before = shared.memoryBytes();
    const big = own.createKernel({ ...setup(), windowSize: 2 ** 22 });
    expect(own.memoryBytes()).toBeGreaterThan(before);
    expect(shared.memoryBytes()).toBe(before);
    big.dispose();
    expectWorks((s) => own.createKernel(s));
  });

  it('checks createWasmKernel’s backend argument', () => {
    expect(() => createWasmKernel({} as never, setup())).toThrow(TypeError);
    expect(() => createWasmKernel(null as never, setup())).toThrow(
      /backend must be a loaded wasm backend/,
    );
  });
});

describe('refusing what is not the kernel module', () => {
  it('rejects bytes that are not WebAssembly', async () => {
    await expect(compileWasmModule(new Uint8Array([1, 2, 3, 4]))).rejects.toBeInstanceOf(
      WA.CompileError,
    );
  });

  it('rejects another WebAssembly module, naming what is missing', async () => {
    const empty = await compileWasmModule(Uint8Array.of(0x00, 0x61, 0x73, 0x6d, 0x01, 0, 0, 0));
    await expect(instantiateWasmBackend(empty)).rejects.toThrow(
      /not snn_kernel\.wasm .*snn_create/,
    );
  });

  it('rejects something that is not a compiled module', async () => {
    await expect(instantiateWasmBackend({} as never)).rejects.toBeInstanceOf(TypeError);
  });
});

describe('loading from a fetch response', () => {
  it('streams when served as application/wasm', async () => {
    const response = new Response(bytes(), { headers: { 'content-type': 'application/wasm' } });
    const { module, backend } = await loadFromResponse(response);
    expect(module.kind).toBe('snn-opt-wasm-module');
    expectWorks((s) => backend.createKernel(s));
    // The module is reusable.
    const another = await instantiateWasmBackend(module);
    expect(another).not.toBe(backend);
    expectWorks((s) => another.createKernel(s));
  });

  it('reads the body when the content type is not application/wasm', async () => {
    const response = new Response(bytes(), {
      headers: { 'content-type': 'application/octet-stream' },
    });
    const { backend } = await loadFromResponse(Promise.resolve(response));
    expectWorks((s) => backend.createKernel(s));
  });

  it('reports an HTTP error', async () => {
    const response = new Response('not found', { status: 404 });
    await expect(loadFromResponse(response)).rejects.toThrow(/failed with HTTP 404/);
  });
});

describe('browser entry', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  it('fetches ../wasm/snn_kernel.wasm relative to itself, caches it, and retries after a failure', async () => {
    const requested: string[] = [];
    let fail = true;
    vi.stubGlobal('fetch', async (url: URL) => {
      requested.push(String(url));
      if (fail) throw new TypeError('network down');
      return new Response(readFileSync(url), { headers: { 'content-type': 'application/wasm' } });
    });
    const browser = await import('../src/browser.js');
    await expect(browser.loadWasmBackend()).rejects.toThrow(
      /could not fetch the kernel module .*network down/,
    );
    fail = false;
    const a = await browser.loadWasmBackend();
    const b = await browser.loadWasmBackend();
    expect(a).toBe(b);
    expect((await browser.loadWasmModule()).kind).toBe('snn-opt-wasm-module');
    expect(requested).toHaveLength(2);
    expect(requested[1]).toBe(WASM_URL.href);
    expectWorks((s) => a.createKernel(s));
  });
});

describe('build scripts', () => {
  const script = (name: string) => `${PACKAGE_DIR}scripts/${name}`;
  const hasEmcc = spawnSync('sh', ['-c', 'command -v emcc'], { encoding: 'utf8' }).status === 0;

  it('check-fresh: a missing emcc is a notice, or an error with SNN_OPT_REQUIRE_EMCC=1', () => {
    const env: NodeJS.ProcessEnv = { ...process.env, EMCC: 'emcc-that-does-not-exist' };
    // CI sets SNN_OPT_REQUIRE_EMCC=1 for the real freshness check; the relaxed case runs without it.
    delete env.SNN_OPT_REQUIRE_EMCC;
    const relaxed = spawnSync('sh', [script('check-fresh.sh')], { env, encoding: 'utf8' });
    expect(relaxed.status).toBe(0);
    expect(relaxed.stderr).toMatch(/notice: 'emcc-that-does-not-exist' not found; skipped/);
    const strict = spawnSync('sh', [script('check-fresh.sh')], {
      env: { ...env, SNN_OPT_REQUIRE_EMCC: '1' },
      encoding: 'utf8',
    });
    expect(strict.status).toBe(2);
    expect(strict.stderr).toMatch(
      /FAILED: 'emcc-that-does-not-exist' not found and SNN_OPT_REQUIRE_EMCC=1/,
    );
  });

  it.skipIf(!hasEmcc)('check-fresh: the committed module matches a rebuild of the sources', () => {
    const out = execFileSync('sh', [script('check-fresh.sh')], { encoding: 'utf8' });
    expect(out).toMatch(/is fresh/);
  });
});
