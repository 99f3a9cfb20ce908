// expect: fail "returns a read error, and closes the file it could not read and every other"
// Closes each input after its data was written, and the output at the end, by hand: right when
// nothing fails. A read error returns before the close of the file being read and before the
// close of the output — two files left open. Defer the close right after the open instead.
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

export async function concat(ctx: context.Context, fs: FileSystem, inputs: string[], output: string): Promise<Error | null> {
  if (ctx.err() !== null) return ctx.err();
  const [out, createErr] = await fs.create(output);
  if (createErr !== null) return createErr;

  for (const name of inputs) {
    if (ctx.err() !== null) {
      out.close();
      return ctx.err();
    }
    const [f, openErr] = await fs.open(name);
    if (openErr !== null) {
      out.close();
      return openErr;
    }
    const [data, readErr] = await f.read();
    if (readErr !== null) return readErr;
    const writeErr = await out.write(data);
    f.close();
    if (writeErr !== null) {
      out.close();
      return writeErr;
    }
  }
  return out.close();
}
