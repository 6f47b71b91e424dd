namespace AutoDiff.Optimization;

/// <summary>One line of the optional trace: the state after an iteration.</summary>
/// <param name="Iteration">The iteration number; 0 is the starting point.</param>
/// <param name="Value">f at the iterate.</param>
/// <param name="GradientNorm">||g|| at the iterate.</param>
/// <param name="Step">The step length taken to reach it (0 at the start).</param>
public readonly record struct TraceEntry(int Iteration, double Value, double GradientNorm, double Step);
