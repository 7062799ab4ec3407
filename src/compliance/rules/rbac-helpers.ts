export { isBinding, isRole } from '../rbac/model';
