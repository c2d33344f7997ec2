export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-8 text-center">
          <div className="inline-flex items-center gap-2 text-xl font-semibold"><span className="rounded-md bg-brand-600 px-2 py-0.5 text-white">kc</span> Keycap</div>
          <p className="mt-1 text-sm text-slate-600">Spend control for your API keys</p>
        </div>
        {children}
      </div>
    </main>
  );
}
