import '@mantine/core/styles.css';
import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createTaktRouter } from './router';
import { ApiError } from './ui/api-client';
import { theme } from './ui/theme';
import './ui/global.css';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      // a 4xx will not get better by asking again
      retry: (count, error) =>
        !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
    },
  },
});

const router = createTaktRouter(queryClient);

// A session that ends while the app is open (expired, signed out elsewhere) leads back to sign-in.
queryClient.getQueryCache().subscribe((event) => {
  const error = event.query.state.error;
  if (event.type === 'updated' && error instanceof ApiError && error.status === 401) {
    const path = router.state.location.pathname;
    if (path.startsWith('/terminal')) {
      // the terminal signs in by badge on its own page: ask again who is signed in
      if (event.query.queryKey[0] !== 'session')
        void queryClient.invalidateQueries({ queryKey: ['session'] });
    } else if (path !== '/login') {
      queryClient.clear();
      void router.navigate({ to: '/login', search: { redirect: router.state.location.href } });
    }
  }
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme} defaultColorScheme="light">
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
