// kubernetes-models publishes ES modules behind the `import` export condition only, which jest's CommonJS
// resolver does not ask for. Resolve those packages with `import` (ts-jest then transpiles them, see
// transformIgnorePatterns in .projenrc.ts); everything else resolves as usual.
const ESM_ONLY = /^(kubernetes-models|@kubernetes-models\/[^/]+|is-cidr|cidr-regex)(\/|$)/;

module.exports = (request, options) => {
  if (ESM_ONLY.test(request)) {
    return options.defaultResolver(request, { ...options, conditions: ['import', 'default'] });
  }
  return options.defaultResolver(request, options);
};
