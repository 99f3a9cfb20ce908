/**
 * progress.ts — how `synclab grade` shows its progress (Node): on a terminal a progress bar
 * (cli-progress) on stderr; otherwise (CI, a pipe) one plain line per judged
 * submission × exercise, so a log shows how far a batch got.
 */
import cliProgress from "cli-progress";

/** Progress counts judged submission × exercise pairs. */
export interface Progress {
  tick(file: string, exerciseId: string): void;
  stop(): void;
}

/** progress shows progress of `total` steps on `stream`. */
export function progress(total: number, stream: NodeJS.WriteStream | NodeJS.WritableStream = process.stderr): Progress {
  const tty = (stream as NodeJS.WriteStream).isTTY === true;
  if (tty) {
    const bar = new cliProgress.SingleBar(
      { stream: stream as NodeJS.WriteStream, format: "grading [{bar}] {value}/{total} {percentage}% · {eta_formatted} left · {file}", hideCursor: true, clearOnComplete: false },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { file: "" });
    return {
      tick: (file) => bar.increment(1, { file }),
      stop: () => bar.stop(),
    };
  }
  let done = 0;
  return {
    tick: (file, ex) => {
      done++;
      stream.write(`graded ${done}/${total}: ${file} ${ex}\n`);
    },
    stop: () => {},
  };
}
