// OPTIONS are the compiler options every TypeScript check of learner-facing code shares.
import ts from "typescript";

/** OPTIONS: what the reader's editor and the sandbox's bundler assume (see site/exercise/monaco.ts, runner/core/bundle.ts). */
export const OPTIONS: ts.CompilerOptions = {
  strict: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ["lib.esnext.d.ts", "lib.esnext.disposable.d.ts", "lib.webworker.d.ts"],
  types: [],
  noEmit: true,
  // The bundler compiles each example with verbatimModuleSyntax: a type imported as a value would fail at run time.
  verbatimModuleSyntax: true,
  // gosync's sources import each other as "./x.ts".
  allowImportingTsExtensions: true,
  skipLibCheck: true,
};
