using System.Linq;
using Samples.IllConditionedQuadratic;

// Paths of gradient descent, Newton and L-BFGS on the ill-conditioned valley. --smoke: a smaller budget.
QuadraticSample.Run(new QuadraticOptions(MaxIterations: args.Contains("--smoke") ? 20 : 200));
