export { BINDING_KINDS, isBinding, isRole } from '../rbac/model';
