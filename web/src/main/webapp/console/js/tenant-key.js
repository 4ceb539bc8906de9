// Tenant key rotation: a new data key for the caller's tenant, after a confirmation.
import { api } from './api.js';
import { confirmAction } from './confirm.js';
import { notice } from './dom.js';
import { tenant } from './session.js';

export async function rotateTenantKey() {
  const name = tenant() || 'this tenant';
  const ok = await confirmAction('Rotate the data key of tenant "' + name + '"? New data is sealed with a new key version and '
    + 'every stored provider secret is sealed again with it.', 'Rotate key');
  if (!ok) return;
  try {
    const r = await api('POST', 'tenant-key/rotate');
    notice('Tenant key rotated: version ' + r.key_version + ', ' + r.resealed_configs + ' configs sealed again.');
  } catch (err) {
    notice(err.message);
  }
}
