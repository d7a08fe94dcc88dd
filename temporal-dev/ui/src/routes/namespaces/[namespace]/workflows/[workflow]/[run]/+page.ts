import { redirect } from '@sveltejs/kit';

export const load = ({ url }) => redirect(307, `${url.pathname.replace(/\/$/, '')}/history${url.search}`);
