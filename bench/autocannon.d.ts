// autocannon ships no type declarations; the bench calls it closed-loop and reads three fields.
declare module 'autocannon' {
  const autocannon: (opts: { url: string; connections: number; duration: number }) => Promise<unknown>;
  export default autocannon;
}
