export function App() {
  return (
    <main>
      <h1>Limadesk</h1>
      <p>The dashboard arrives with the shell and dashboard work; use the <code>limadesk</code> CLI meanwhile.</p>
    </main>
  );
}
