// Every page needs what the upstream app loads once at its root: the settings, the cluster, the system's
// capabilities and the namespace list (a store the namespace picker and the pages read).
import { fetchCluster, fetchSystemInfo } from '@temporalio/ui/services/cluster-service';
import { fetchNamespaces } from '@temporalio/ui/services/namespaces-service';
import { fetchSettings } from '@temporalio/ui/services/settings-service';

import '../app.css';

// A static single-page app: no server rendering, nothing prerendered; temporal-dev answers every page path with index.html.
export const ssr = false;
export const prerender = false;

export const load = async ({ fetch }) => {
  const settings = await fetchSettings(fetch);
  fetchNamespaces(settings, fetch);
  const [cluster, systemInfo] = await Promise.all([fetchCluster(settings, fetch), fetchSystemInfo(settings, fetch)]);
  return { settings, cluster, systemInfo };
};
