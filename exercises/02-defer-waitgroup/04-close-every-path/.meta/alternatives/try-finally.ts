// A correct solution in another style: try/finally only, no DisposableStack. Each input is copied
// by its own function, whose finally closes it before the next is opened. The output's finally
// keeps its close error only when nothing failed before it; when something threw, the finally
// changes nothing and the throw goes on unchanged.
import type * as context from "gosync/context";
export interface File {
  read(): Promise<[data: string, err: null] | [data: undefined, err: Error]>;
  write(data: string): Promise<Error | null>;
  close(): Error | null;
}
export interface FileSystem {
  open(name: string): Promise<[file: File, err: null] | [file: undefined, err: Error]>;
  create(name: string): Promise<[file: File, err: null] | [file: undefined, err: Error]>;
}

async function copyOne(ctx: context.Context, fs: FileSystem, name: string, out: File): Promise<Error | null> {
  const stop = ctx.err();
  if (stop !== null) return stop;
  const [f, openErr] = await fs.open(name);
  if (openErr !== null) return openErr;
  try {
    const [data, readErr] = await f.read();
    if (readErr !== null) return readErr;
    return await out.write(data);
  } finally {
    f.close(); // read-only: its close error may be ignored
  }
}

export async function concat(ctx: context.Context, fs: FileSystem, inputs: string[], output: string): Promise<Error | null> {
  const stop = ctx.err();
  if (stop !== null) return stop;
  const [out, createErr] = await fs.create(output);
  if (createErr !== null) return createErr;
  let result: Error | null = null;
  let threw = true;
  try {
    for (const name of inputs) {
      result = await copyOne(ctx, fs, name, out);
      if (result !== null) break;
    }
    threw = false;
  } finally {
    const closeErr = out.close();
    if (!threw && result === null) result = closeErr;
  }
  return result;
}
