// Module resolution hook (see noble-count-register.ts): @noble/post-quantum/ml-dsa.js resolves to
// the counting shim, except for the shim's own import of the real module.
interface ResolveContext { parentURL?: string }
type NextResolve = (specifier: string, context?: ResolveContext) => Promise<{ url: string; shortCircuit?: boolean }>;

const SHIM = new URL('./noble-count-shim.js', import.meta.url).href;

export async function resolve(specifier: string, context: ResolveContext, next: NextResolve): Promise<{ url: string; shortCircuit?: boolean }> {
  if (specifier === '@noble/post-quantum/ml-dsa.js' && context.parentURL !== SHIM) return { url: SHIM, shortCircuit: true };
  return next(specifier, context);
}
