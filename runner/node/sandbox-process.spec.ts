// The Node host against its sandbox process: what the process may do under the permission
// model, and what the host does when the process is compromised (it writes forged frames on
// its channel), crashes, exits, runs out of memory or floods its output. Every attack tried is
// kept here; each must end in a non-pass Verdict, with the host alive to judge the next Run.
import * as esbuild from "esbuild";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { bundleRun } from "../core/bundle.ts";
import type { Sandbox, SandboxEvent, Transport } from "../core/run-session.ts";
import { summarize, verdictSchema, type Verdict } from "../core/verdict.ts";
import { childTransport, MESSAGE_BYTES, nestingDepth, RUN_BYTES, type ChildSandbox } from "./child-transport.ts";
import { buildRuntime } from "./runtime-bundle.ts";
import { judgeIn, nodeSession, type JudgeInput } from "./session.ts";
import { judge } from "./run.ts";

const dir = mkdtempSync(join(tmpdir(), "synclab-sandbox-process-"));
afterAll(() => esbuild.stop());

const tests = `import { test, expect } from "vitest";
import { answer } from "./solution.ts";

test("answers 42", () => {
  expect(answer()).toBe(42);
});

test("answers again", () => {
  expect(answer()).toBe(42);
});
`;
const NAMES = ["answers 42", "answers again"];
const right = `export const answer = () => 42;\n`;
const wrong = `export const answer = () => 41;\n`;
const input = (solution: string, wallMs = 3000): JudgeInput => ({ exerciseId: "tiny", solution, tests, limits: { runs: 1, strategy: "random", wallMs } });

/**
 * hostile writes a stand-in sandbox process: it says `loaded`, reads its RunRequest and runs
 * `body` with `req` and `out(message | line)`, which writes a frame on fd 3 as the real one does.
 */
function hostile(name: string, body: string, before = ""): string {
  const file = join(dir, `${name}.mjs`);
  writeFileSync(
    file,
    `import { writeSync } from "node:fs";
const out = (m) => { const b = Buffer.from((typeof m === "string" ? m : JSON.stringify(m)) + "\\n"); for (let o = 0; o < b.length; ) o += writeSync(3, b, o); };
const NAMES = ${JSON.stringify(NAMES)};
const pass = (name) => ({ name, status: "pass" });
${before}
out({ type: "loaded", id: 0 });
let buf = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (d) => {
  buf += d;
  const nl = buf.indexOf("\\n");
  if (nl < 0) return;
  const req = JSON.parse(buf.slice(0, nl));
  buf = "";
  (async () => { ${body} })();
});
`,
  );
  return file;
}

/** judgeWith judges `solution` with a hostile sandbox process standing in for the real one. */
async function judgeWith(entry: string, solution = wrong, opts: { memoryMb?: number; wallMs?: number; readyLimitMs?: number } = {}): Promise<Verdict> {
  const session = await nodeSession(256, childTransport({ entry, memoryMb: opts.memoryMb ?? 256, warmMs: 0 }), opts.readyLimitMs ? { readyLimitMs: opts.readyLimitMs } : {});
  const i = input(solution, opts.wallMs);
  const bundled = await bundleRun(esbuild, { solution: i.solution, tests: i.tests });
  const v = await judgeIn(session, i, bundled);
  expect(verdictSchema.parse(v)).toEqual(v);
  return v;
}

describe("the sandbox process under Node's permission model", () => {
  test("cannot read files outside its runtime, write files (its code cache neither), spawn, start workers, open the inspector, and has an empty environment", async () => {
    const given = join(dir, "given.v8cache");
    writeFileSync(given, "cache");
    const secret = resolve(import.meta.dirname, "../../exercises/01-sync-primitives/01-safe-counter/hidden.test.ts");
    const probe = hostile(
      "probe",
      `const tryIt = async (f) => { try { await f(); return "allowed"; } catch (e) { return e.code ?? String(e); } };
const fs = await import("node:fs");
const found = {
  ownFile: await tryIt(() => fs.readFileSync(${JSON.stringify(join(dir, "probe.mjs"))})),
  passwd: await tryIt(() => fs.readFileSync("/etc/passwd")),
  hiddenTests: await tryIt(() => fs.readFileSync(${JSON.stringify(secret)})),
  listRoot: await tryIt(() => fs.readdirSync("/")),
  givenFile: await tryIt(() => fs.readFileSync(process.argv[3])),
  write: await tryIt(() => fs.writeFileSync(${JSON.stringify(join(dir, "written.txt"))}, "x")),
  writeGiven: await tryIt(() => fs.writeFileSync(process.argv[3], "forged")),
  spawn: await tryIt(async () => { const r = (await import("node:child_process")).spawnSync("id"); if (r.error) throw r.error; }),
  worker: await tryIt(async () => new (await import("node:worker_threads")).Worker("0", { eval: true })),
  inspector: await tryIt(async () => (await import("node:inspector")).open(0)),
  binding: await tryIt(() => process.binding("fs")),
  env: Object.keys(process.env),
};
out({ type: "probe", id: req.id, found });`,
    );
    const runtime = await buildRuntime(esbuild);
    const sandbox = childTransport({ entry: probe, files: [given], memoryMb: 64, warmMs: 0 }).start("run");
    expect(await sandbox.ready).toBeUndefined();
    const events: SandboxEvent[] = [];
    await new Promise<void>((done) => sandbox.send({ type: "run", id: 1, code: "", map: "", limits: { runs: 1, strategy: "random" } }, (e) => (events.push(e), done())));
    sandbox.stop();
    expect(events[0]).toEqual({
      kind: "message",
      message: {
        type: "probe",
        id: 1,
        found: {
          ownFile: "allowed",
          givenFile: "allowed",
          passwd: "ERR_ACCESS_DENIED",
          hiddenTests: "ERR_ACCESS_DENIED",
          listRoot: "ERR_ACCESS_DENIED",
          write: "ERR_ACCESS_DENIED",
          writeGiven: "ERR_ACCESS_DENIED",
          spawn: "ERR_ACCESS_DENIED",
          worker: "ERR_ACCESS_DENIED",
          inspector: "ERR_ACCESS_DENIED",
          binding: "ERR_ACCESS_DENIED",
          env: [],
        },
      },
    });
    expect(runtime.launch.entry).toMatch(/node-sandbox-loader-[0-9a-f]{32}\.cjs$/);
    expect(runtime.launch.files[0]).toMatch(/node-sandbox-[0-9a-f]{32}\.js$/);
    expect(runtime.launch.files[1]).toMatch(/node-sandbox-[0-9a-f]{32}\.v[0-9.]+-\w+\.v8cache$/);
  });

  test("starts from the runtime's loader and says loaded (the real sandbox, warm spare or not)", async () => {
    const runtime = await buildRuntime(esbuild);
    for (const role of ["run", "spare"] as const) {
      const s = childTransport({ ...runtime.launch, memoryMb: 256, warmMs: 50 }).start(role);
      expect(await s.ready).toBeUndefined();
      s.stop();
    }
  });
});

describe("a compromised sandbox process", () => {
  test("gets nothing from messages with another Run's id", async () => {
    const v = await judgeWith(hostile("wrong-id", `const id = req.id + 1000;
out({ type: "ready", id: req.id });
out({ type: "collected", id, names: NAMES });
out({ type: "done", id, tests: NAMES.map(pass) });
process.exit(0);`));
    expect(v.status, summarize(v)).toBe("runtime-error");
    expect(v.message).toMatch(/exited with code 0 before reporting every result/);
  });

  test("gets an internal error for a message of a type the protocol does not have", async () => {
    const v = await judgeWith(hostile("unknown-type", `out({ type: "ready", id: req.id });
out({ type: "verdict", id: req.id, status: "pass" });`));
    expect(v.status, summarize(v)).toBe("internal-error");
    expect(v.message).toMatch(/malformed message/);
  });

  test("is stopped by a 10 MB line, which the host does not buffer", async () => {
    const v = await judgeWith(hostile("huge-line", `out({ type: "ready", id: req.id });
out({ type: "collected", id: req.id, names: ["x".repeat(10 * 1024 * 1024)] });`));
    expect(v.status, summarize(v)).toBe("runtime-error");
    expect(v.message).toContain(`more than ${MESSAGE_BYTES / 1024 / 1024} MB`);
  });

  test("is stopped once it has sent more than a Run may, in lines each under the cap", async () => {
    const v = await judgeWith(hostile("flood", `out({ type: "ready", id: req.id });
const line = JSON.stringify({ type: "test-start", id: req.id, name: "y".repeat(4 * 1024 * 1024), index: 0, total: 2 });
for (let i = 0; i < ${Math.ceil(RUN_BYTES / (4 * 1024 * 1024)) + 2}; i++) out(line);`));
    expect(v.status, summarize(v)).toBe("runtime-error");
    expect(v.message).toContain(`more than ${RUN_BYTES / 1024 / 1024} MB of messages`);
  });

  test("gets an internal error for a message nested a million levels deep, which would overflow the host's stack", async () => {
    const v = await judgeWith(hostile("deep", `out({ type: "ready", id: req.id });
out({ type: "collected", id: req.id, names: NAMES });
const deep = "[".repeat(1e6) + "]".repeat(1e6);
out(\`{"type":"test-result","id":\${req.id},"index":0,"total":2,"result":{"name":"answers 42","status":"pass","report":{"x":\${deep}}}}\`);
out({ type: "done", id: req.id, tests: NAMES.map(pass) });`));
    expect(v.status, summarize(v)).toBe("internal-error");
    expect(v.message).toMatch(/nested more than 100 levels deep/);
  });

  test("gets an internal error for a line that is not JSON", async () => {
    const v = await judgeWith(hostile("garbage", `out({ type: "ready", id: req.id });
writeSync(3, Buffer.from([0, 255, 254, 10]));`));
    expect(v.status, summarize(v)).toBe("internal-error");
    expect(v.message).toMatch(/a line that is not JSON/);
  });

  test("cannot pass with every test passing under names other than the hidden tests'", async () => {
    const v = await judgeWith(hostile("other-names", `out({ type: "ready", id: req.id });
out({ type: "collected", id: req.id, names: ["it works"] });
out({ type: "done", id: req.id, tests: [pass("it works")] });`));
    expect(v.status, summarize(v)).toBe("internal-error");
    expect(v.message).toBe('the Run was tampered with: its sandbox collected 1 test ["it works"], but the hidden tests declare 2 tests ["answers 42","answers again"] (expected the same names, in order)');
    expect(v.tests).toEqual(NAMES.map((name) => ({ name, status: "skipped" })));
  });

  test("cannot pass by dropping a test, or by adding one", async () => {
    for (const names of [NAMES.slice(0, 1), [...NAMES, "bonus"]]) {
      const v = await judgeWith(hostile(`count-${names.length}`, `const names = ${JSON.stringify(names)};
out({ type: "ready", id: req.id });
out({ type: "collected", id: req.id, names });
out({ type: "done", id: req.id, tests: names.map(pass) });`));
      expect(v.status, summarize(v)).toBe("internal-error");
      expect(v.message).toMatch(/^the Run was tampered with/);
    }
  });

  test("cannot pass with results named otherwise than the tests it collected", async () => {
    const v = await judgeWith(hostile("results-renamed", `out({ type: "ready", id: req.id });
out({ type: "collected", id: req.id, names: NAMES });
out({ type: "done", id: req.id, tests: [pass("answers 42"), pass("something else")] });`));
    expect(v.status, summarize(v)).toBe("internal-error");
    expect(v.message).toMatch(/results for 2 tests that are not the 2 it collected/);
  });

  test("cannot pass by saying done before collecting", async () => {
    const v = await judgeWith(hostile("done-first", `out({ type: "ready", id: req.id });
out({ type: "done", id: req.id, tests: NAMES.map(pass) });`));
    expect(v.status, summarize(v)).toBe("internal-error");
  });

  test("gets a runtime error when it reports an uncaught error of the Run", async () => {
    const v = await judgeWith(hostile("uncaught", `out({ type: "ready", id: req.id });
out({ type: "uncaught", id: 0, name: "TypeError", message: "x is not a function" });`));
    expect(v.status, summarize(v)).toBe("runtime-error");
    expect(v.message).toBe("an uncaught TypeError: x is not a function outside the tests stopped the Run");
  });
});

describe("nestingDepth", () => {
  test("counts arrays and objects, not brackets inside strings, and stops counting past the limit", () => {
    expect(nestingDepth(`{"a":[1,{"b":"[[[{{{\\"]]"}]}`, 100)).toBe(3);
    expect(nestingDepth("[".repeat(1000), 100)).toBe(101);
    expect(nestingDepth(`"just a string"`, 100)).toBe(0);
  });
});

describe("a sandbox process that dies", () => {
  test("before it is ready is an internal error that says what it printed", async () => {
    const v = await judgeWith(hostile("crash-at-start", ``, `throw new Error("the runtime is broken");`));
    expect(v.status, summarize(v)).toBe("internal-error");
    expect(v.message).toMatch(/the sandbox failed to start: the sandbox process exited with code 1 before it was ready: Error: the runtime is broken$/);
  });

  test("with an exit code of its own during the Run is a runtime error", async () => {
    const v = await judgeWith(hostile("exit-3", `out({ type: "ready", id: req.id }); process.exit(3);`));
    expect(v.status, summarize(v)).toBe("runtime-error");
    expect(v.message).toMatch(/^the sandbox process exited with code 3 before reporting every result/);
  });

  test("by a signal during the Run is a runtime error that names it", async () => {
    const v = await judgeWith(hostile("segv", `out({ type: "ready", id: req.id }); process.kill(process.pid, "SIGSEGV");`));
    expect(v.status, summarize(v)).toBe("runtime-error");
    expect(v.message).toMatch(/was killed by SIGSEGV/);
  });

  test("out of memory is a runtime error that names the cap", async () => {
    const v = await judgeWith(hostile("oom", `out({ type: "ready", id: req.id }); const keep = []; for (;;) keep.push(new Array(1e6).fill(1.5));`), wrong, { memoryMb: 64, wallMs: 20_000 });
    expect(v.status, summarize(v)).toBe("runtime-error");
    expect(v.message).toMatch(/ran out of memory \(the sandbox's heap is capped at 64 MB/);
  });

  test("after 80 MB of stdout and stderr is a runtime error that keeps only a line of it (the host drains, never buffers, them)", async () => {
    const v = await judgeWith(hostile("noisy", `out({ type: "ready", id: req.id });
const mb = "z".repeat(1024 * 1024);
for (let i = 0; i < 40; i++) { writeSync(1, mb); writeSync(2, mb); }
process.exit(9);`));
    expect(v.status, summarize(v)).toBe("runtime-error");
    expect(v.message).toMatch(/exited with code 9/);
    expect(v.message!.length).toBeLessThan(1000);
  });

  test("never ready is an internal error once the ready limit passes", async () => {
    const never = join(dir, "never-ready.mjs");
    writeFileSync(never, `setInterval(() => {}, 1000);\n`);
    const v = await judgeWith(never, wrong, { readyLimitMs: 800 });
    expect(v.status, summarize(v)).toBe("internal-error");
    expect(v.message).toMatch(/not ready 800 ms after it was started/);
  });

  test("silent after ready is a timeout, checked again before it is reported", async () => {
    const v = await judgeWith(hostile("silent", `out({ type: "ready", id: req.id }); setInterval(() => {}, 1000);`), wrong, { wallMs: 200 });
    expect(v.status, summarize(v)).toBe("timeout");
    expect(v.message).toMatch(/400 ms wall-clock limit.*the first stopped at 200 ms/);
  });
});

describe("the host after all that", () => {
  test("judges the next Run as ever: the right answer passes, the wrong one fails", async () => {
    expect((await judge(input(right))).status).toBe("pass");
    expect((await judge(input(wrong))).status).toBe("fail");
  });
});

describe("a wall-clock timeout", () => {
  test("caused by a stalled machine is checked again on fresh sandboxes, and the Run's own verdict is reported", async () => {
    // The first sandbox is stopped (SIGSTOP) once it has its Run, as a machine too busy to run
    // it would: the first attempt times out; the re-check, on a fresh sandbox, judges the Run.
    const runtime = await buildRuntime(esbuild);
    const real = childTransport({ ...runtime.launch, memoryMb: 256, warmMs: 0 });
    let stalled = 0;
    const stalling: Transport<Sandbox> = {
      start(role) {
        const s = real.start(role) as ChildSandbox;
        if (stalled++ > 0) return s;
        return {
          get ready() { return s.ready; },
          get failed() { return s.failed; },
          send(request, listener) {
            s.send(request, listener);
            process.kill(s.pid!, "SIGSTOP");
          },
          release: () => s.release(),
          stop: () => s.stop(),
        };
      },
    };
    const session = await nodeSession(256, stalling);
    const i = input(wrong, 500);
    const v = await judgeIn(session, i, await bundleRun(esbuild, { solution: i.solution, tests: i.tests }));
    expect(stalled).toBeGreaterThanOrEqual(2);
    expect(v.status, summarize(v)).toBe("fail");
    expect(v.tests.map((t) => t.status)).toEqual(["fail", "fail"]);
  });
});
