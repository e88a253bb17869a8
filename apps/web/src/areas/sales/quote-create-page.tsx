import { PageHeader } from '../../ui/page-header';
import { AnchorLink } from '../../ui/router-links';
import { QuoteForm } from './quote-form';

export function QuoteCreatePage() {
  return (
    <>
      <PageHeader
        eyebrow={
          <AnchorLink to="/quotes" fz="xs" c="dimmed">
            Quotes
          </AnchorLink>
        }
        title="New quote"
        subtitle="Each line shows the date the plan can promise and its preliminary cost as you fill it in; saving promises and costs every line"
      />
      <QuoteForm mode={{ kind: 'create' }} />
    </>
  );
}
