// Plain JavaScript on purpose: it must run on the old Node it refuses. The project's
// sources are TypeScript run through Node's type stripping, on by default from Node 22.18 (and
// 23.6); an older Node
// would die on the first .ts import with ERR_UNKNOWN_FILE_EXTENSION, which says nothing
// about what to do. `./pnpm` brings the pinned Node 24 from the npm registry.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18) || (major === 23 && minor < 6)) {
  const script = process.env.npm_lifecycle_event === 'test' ? 'test' : 'start';
  console.error(
    `food-oms needs Node >= 22.18 (this is ${process.version}): run ./pnpm ${script}, which brings the pinned Node 24.`,
  );
  process.exit(1);
}
