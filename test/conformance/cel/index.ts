export { type CelLibrary, compileCel, createKubernetesCelEnvironment } from './environment';
export { CIDR, IP, ipCidrLibrary, parseAddr, parseCIDR, parseIP } from './ip-cidr';
export { compileRE2, find, findAll, matches, regexLibrary, translateRE2 } from './regex';
export { isURL, parseURL, URLValue, urlLibrary } from './url';
