import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useState } from 'react';

/**
 * A search box whose text reaches the address (and so the query) 300 ms after the user stops
 * typing: `const [text, setText] = useSearchText(search.q, (q) => navigate(...))`.
 */
export function useSearchText(
  current: string | undefined,
  apply: (q: string | undefined) => void,
): [string, (text: string) => void] {
  const [text, setText] = useState(current ?? '');
  const [debounced] = useDebouncedValue(text.trim(), 300);
  // biome-ignore lint/correctness/useExhaustiveDependencies: apply is a fresh closure each render
  useEffect(() => {
    if ((current ?? '') !== debounced) apply(debounced || undefined);
  }, [debounced, current]);
  return [text, setText];
}
