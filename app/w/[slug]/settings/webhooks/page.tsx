import { pageCtx } from '@/lib/page-ctx';
import { listEndpoints } from '@/lib/webhooks/service';
import { Card } from '@/components/ui';
import { EndpointList } from './_components/endpoint-list';

export const metadata = { title: 'Webhooks' };

export default async function WebhooksPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const p = await pageCtx(slug);
  if (!p.can('webhooks.manage'))
    return (
      <Card title="Webhooks">
        <p className="text-sm text-slate-600">Only owners and admins can see and manage webhook endpoints. Alerts sent for a key are listed on the key&apos;s page.</p>
      </Card>
    );
  const endpoints = await listEndpoints(p.ctx);
  return (
    <Card title="Webhook endpoints">
      <p className="-mt-2 mb-4 text-sm text-slate-600">
        Keycap POSTs a signed JSON event when a key reaches 80 % (<code className="font-mono">api_key.spend_limit.warning</code>) or 100 %
        (<code className="font-mono">api_key.spend_limit.reached</code>) of its spend limit, and likewise for the workspace&apos;s monthly budget
        (<code className="font-mono">workspace.spend_budget.*</code>) — once per window and limit value. Deliveries are signed per Standard Webhooks
        and retried for 3 days; an endpoint failing for 5 days is disabled.
      </p>
      <EndpointList slug={slug} endpoints={endpoints} />
    </Card>
  );
}
