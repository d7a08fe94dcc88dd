// Every page needs what the upstream app loads once at its root: the settings, the cluster, the system's
// capabilities and the namespace list (a store the namespace picker and the pages read).
import i18next from 'i18next';
import { i18nNamespaces } from '@temporalio/ui/i18n/index';
import locales from '@temporalio/ui/i18n/locales/index';
import { fetchCluster, fetchSystemInfo } from '@temporalio/ui/services/cluster-service';
import { fetchNamespaces } from '@temporalio/ui/services/namespaces-service';
import { fetchSettings } from '@temporalio/ui/services/settings-service';

import '../app.css';

// A static single-page app: no server rendering, nothing prerendered; temporal-dev answers every page path with index.html.
export const ssr = false;
export const prerender = false;

// The components' labels are i18next keys; upstream's app loads its English strings at start, so do we.
i18next.init({ lng: 'en', fallbackLng: 'en', ns: i18nNamespaces, resources: locales, initImmediate: false, interpolation: { escapeValue: false } });

export const load = async ({ fetch }) => {
  const settings = await fetchSettings(fetch);
  fetchNamespaces(settings, fetch);
  const [cluster, systemInfo] = await Promise.all([fetchCluster(settings, fetch), fetchSystemInfo(settings, fetch)]);
  return { settings, cluster, systemInfo };
};
