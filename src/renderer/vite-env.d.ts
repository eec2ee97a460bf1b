// Vite's asset imports, declared narrowly (tsconfig.web has no vite/client types).
declare module '*.css';
