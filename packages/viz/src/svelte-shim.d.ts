// Lets plain `tsc` type-check imports of .svelte files; svelte-check reads
// the components themselves. The build rewrites these imports (scripts/build.mjs).
declare module '*.svelte' {
  import type { Component } from 'svelte';

  // biome-ignore lint/suspicious/noExplicitAny: each component declares its own props.
  const component: Component<any>;
  export default component;
}
