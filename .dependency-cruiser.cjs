/**
 * The project's dependency rules (DESIGN.md, "Doors and commands"): no import cycles, and every
 * import points one way: domain <- store <- commands <- (api | web | jobs) <- functions | local.
 * Checked by test/unit/dependencies.test.ts on every `npm test`; `npx depcruise shared functions local infra`
 * prints the same verdict.
 */
const layer = (name) => `^shared/${name}/`;

module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', comment: 'Modules that import each other cannot be read, tested or split on their own.', from: {}, to: { circular: true } },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'shared/domain is pure rules: no store, no doors, no I/O.',
      from: { path: layer('domain') },
      to: { path: '^shared/(store|commands|api|web|jobs|mail|accounts|i18n)/|^shared/[^/]+\\.ts$|^(functions|local|infra)/' },
    },
    {
      name: 'store-below-commands',
      severity: 'error',
      comment: 'The store knows DynamoDB, not who calls it.',
      from: { path: layer('store') },
      to: { path: '^shared/(commands|api|web|jobs|mail|accounts)/|^(functions|local|infra)/' },
    },
    {
      name: 'commands-below-doors',
      severity: 'error',
      comment: 'Commands know no HTTP and no HTML: no doors above them.',
      from: { path: layer('commands') },
      to: { path: '^shared/(api|web|jobs|mail)/|^(functions|local|infra)/' },
    },
    {
      name: 'api-without-web',
      severity: 'error',
      comment: 'The API is its own Lambda: it must not load the pages.',
      from: { path: layer('api') },
      to: { path: '^shared/web/' },
    },
    {
      name: 'web-uses-api-types-only',
      severity: 'error',
      comment: 'The web app takes the problem details and the Hono env from the API, nothing else (the API\'s routes stay out of the web bundle).',
      from: { path: layer('web') },
      to: { path: '^shared/api/', pathNot: '^shared/api/(problems|types|identity)\\.ts$' },
    },
    {
      name: 'jobs-without-doors',
      severity: 'error',
      comment: 'The scheduled jobs load neither the API nor the pages.',
      from: { path: layer('jobs') },
      to: { path: '^shared/(api|web)/' },
    },
    {
      name: 'shared-without-hosts',
      severity: 'error',
      comment: 'shared/ is built from injected dependencies; the hosts (functions/, local/, infra/) depend on it, not the reverse.',
      from: { path: '^shared/' },
      to: { path: '^(functions|local|infra|bench|test)/' },
    },
    {
      name: 'functions-not-local',
      severity: 'error',
      comment: 'Nothing deployed may load the local stack (the development token issuer lives there).',
      from: { path: '^(functions|infra)/' },
      to: { path: '^local/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|cdk\\.out|\\.local)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs'] },
  },
};
