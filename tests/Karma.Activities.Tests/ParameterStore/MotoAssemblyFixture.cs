using Karma.Testing;

// One moto server for the whole test assembly: tests isolate themselves by unique name prefixes
// instead of resetting shared state. Any test class may take MotoServer in its constructor.
[assembly: AssemblyFixture(typeof(MotoServer))]
