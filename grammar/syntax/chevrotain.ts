/**
 * chevrotain, loaded from a CommonJS bundle of the installed package
 * (./vendor/chevrotain.cjs). chevrotain 11 is published as ES modules only,
 * and tsx (which runs the tests) turns ES modules that a CommonJS file
 * requires into CommonJS, whose `require('@chevrotain/utils')` then fails
 * (that package exports only an `import` condition). The bundle has no
 * dependencies, so it loads the same way under tsx, Node and esbuild.
 * Types come from the installed package.
 */
export * from './vendor/chevrotain.cjs';
