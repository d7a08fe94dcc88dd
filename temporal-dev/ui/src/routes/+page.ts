import { redirect } from '@sveltejs/kit';

export const load = async ({ parent }) => {
  const { settings } = await parent();
  redirect(307, `/namespaces/${settings.defaultNamespace}/workflows`);
};
