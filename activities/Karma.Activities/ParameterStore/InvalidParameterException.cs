using Karma.Core.Ports;

namespace Karma.Activities.ParameterStore;

/// <summary>A name, path, tier or value that Parameter Store would reject. The message never contains a value.</summary>
public sealed class InvalidParameterException(string message) : ParameterStoreException(message);
