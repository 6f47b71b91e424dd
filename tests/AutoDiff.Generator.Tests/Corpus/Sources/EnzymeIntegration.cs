// Ported from Enzyme (Apache License 2.0 with LLVM Exceptions, Copyright the Enzyme authors), see ../ATTRIBUTION.md:
// the functions differentiated by enzyme/test/Integration/ReverseMode/*.c, one static partial class per test file,
// named after it. Ported as a C# user would write them: `float`/`double` became double (the objectives of a C# user
// are double), a `double*` array an array `double[]`, a pointer to one scalar a `double` parameter (or `ref` where the
// function writes through it), the scalar out-parameter `*ret` the return value, printf Console.WriteLine, assert
// Debug.Assert, and every callee that takes part in the derivative [Differentiable]. Loops, breaks, writes into the
// arguments and the order of statements are kept.
using System;
using System.Diagnostics;
using AutoDiff;

namespace Corpus.Enzyme
{
    // loops.c
    public static partial class Loops
    {
        [Differentiable]
        public static double compute_loops(double a, double b)
        {
            double sum0 = 0.0;
            for (int i = 0; i < 100; i++)
            {
                sum0 += a + b;
            }
            return sum0;
        }
    }

    // loopsdouble.c
    public static partial class LoopsDouble
    {
        [Differentiable]
        public static double compute_loops(double a, double b)
        {
            double sum0 = 0.0;
            for (int i = 0; i < 100; i++)
            {
                double sum1 = 0.0;
                for (int j = 0; j < 100; j++)
                {
                    sum1 += a + b;
                }
                sum0 += sum1;
            }
            return sum0;
        }
    }

    // loopstriple.c
    public static partial class LoopsTriple
    {
        [Differentiable]
        public static double compute_loops(double a, double b)
        {
            double sum0 = 0.0;
            for (int i = 0; i < 100; i++)
            {
                double sum1 = 0.0;
                for (int j = 0; j < 100; j++)
                {
                    double sum2 = 0.0;
                    for (int k = 0; k < 100; k++)
                    {
                        sum2 += a + b;
                    }
                    sum1 += sum2;
                }
                sum0 += sum1;
            }
            return sum0;
        }
    }

    // manydiv.c
    public static partial class ManyDiv
    {
        [Differentiable]
        public static double alldiv(double[] a, int N, double start)
        {
            for (int i = 0; i < N; i++)
            {
                start /= a[i];
            }
            return start;
        }

        [Differentiable]
        public static double alldiv2(double[] a, int N)
        {
            double start = 3.14;
            for (int i = 0; i < N; i++)
            {
                start /= a[i];
            }
            return start;
        }
    }

    // manymax.c
    public static partial class ManyMax
    {
        [Differentiable]
        public static double alldiv(double[] a, int N, double start)
        {
            for (int i = 0; i < N; i++)
            {
                if (a[i] > start)
                    start = a[i];
            }
            return start;
        }

        [Differentiable]
        public static double alldiv2(double[] a, int N)
        {
            double start = 0.0f;
            for (int i = 0; i < N; i++)
            {
                if (a[i] > start)
                    start = a[i];
            }
            return start;
        }
    }

    // sumtil.c
    public static partial class SumTil
    {
        [Differentiable]
        public static double sumtil(double[] vec, int size)
        {
            double ret = 0.0;
            for (int i = 0; i < size; i++)
            {
                ret += vec[i] * vec[i];
                if (ret > 30) break;
                ret += vec[i] * vec[i];
                vec[i] = 0;
            }
            return ret;
        }
    }

    // sumtil2.c
    public static partial class SumTil2
    {
        [Differentiable]
        public static double sumtil(double[] vec, int size)
        {
            double ret = 0.0;
            for (int i = 0; i < size; i++)
            {
                ret += vec[i];
                if (ret > 15) break;
                ret += vec[i];
            }
            return ret;
        }
    }

    // cachefwd.c
    public static partial class CacheFwd
    {
        [Differentiable]
        public static double sumtil(double[] vec, int size)
        {
            double ret = 0.0;
            double[] tmp = new double[4];
            for (int i = 0; i < size; i++)
            {
                for (int j = 0; j < 4; j++)
                {
                    tmp[j] = i * j * j;
                }
                for (int j = 0; j < 4; j++)
                {
                    ret += tmp[j] * vec[i];
                }
            }
            return ret;
        }
    }

    // vecmax.c
    public static partial class VecMax
    {
        [Differentiable]
        public static double reduce_max(double[] vec, int size)
        {
            double ret = double.NegativeInfinity;
            for (int i = 0; i < size; i++)
            {
                ret = (ret > vec[i]) ? ret : vec[i];
                if (i >= 6) Debug.Assert(false, "bad");
            }
            return ret;
        }
    }

    // taylorlog.c
    public static partial class TaylorLog
    {
        [Differentiable]
        public static double taylorlog(double x, uint SINCOSN)
        {
            double sum = 0;
            for (int i = 1; i <= SINCOSN; i++)
            {
                sum += Math.Pow(x, i) / i;
            }
            return sum;
        }
    }

    // recurse.c
    public static partial class Recurse
    {
        [Differentiable]
        public static double recurse_max_helper(double a, double b, int N)
        {
            if (N <= 0)
            {
                return a + b;
            }
            return recurse_max_helper(a, b, N - 1) + recurse_max_helper(a, b, N - 2);
        }

        [Differentiable]
        public static double recurse_max(double a, double b, int N)
        {
            return recurse_max_helper(a, b, N);
        }
    }

    // insertsort_sum.c
    public static partial class InsertSortSum
    {
        [Differentiable]
        public static double insertsort_sum(double[] array, int N)
        {
            double sum = 0;

            for (int i = 1; i < N; i++)
            {
                int j = i;
                while (j > 0 && array[j - 1] < array[j])
                {
                    double tmp = array[j];
                    array[j] = array[j - 1];
                    array[j - 1] = tmp;
                    j -= 1;
                }
            }

            for (int i = 0; i < N / 2; i++)
            {
                sum += array[i];
            }

            return sum;
        }
    }

    // insertsort_sum_min.c
    public static partial class InsertSortSumMin
    {
        // sums the first half of a sorted array.
        [Differentiable]
        public static double insertsort_sum(double[] array, long N)
        {
            double sum = 0;

            for (long i = 1; i < N; i++)
            {
                long j = i;
                while (j > 0 && array[j - 1] < array[j])
                {
                    double tmp = array[j];
                    array[j] = array[j - 1];
                    array[j - 1] = tmp;
                    j -= 1;
                }
            }

            for (int i = 0; i < N / 2; i++)
            {
                Console.WriteLine("Val: {0}", array[i]);
                sum += array[i];
            }
            return sum;
        }
    }

    // mycos.c
    public static partial class MyCos
    {
        public static ulong factorial(ulong x)
        {
            if (x == 0) return 1;
            return x * factorial(x - 1);
        }

        [Differentiable]
        public static double my_sin(double x)
        {
            double result = 0;
            ulong N = 12;
            for (ulong i = 0; i <= N; i++)
            {
                if (i % 2 == 0) continue;
                result += Math.Pow(x, i) / factorial(i) * (i % 4 == 1 ? 1 : -1);
            }
            return result;
        }
    }

    // readwriteread.c
    public static partial class ReadWriteRead
    {
        [Differentiable]
        public static double f_read(double[] x)
        {
            double product = (x[0]) * (x[0]);
            return product;
        }

        [Differentiable]
        public static void g_write(double[] x, double product)
        {
            x[0] = (x[0]) * product;
        }

        [Differentiable]
        public static double h_read(double[] x)
        {
            return x[0];
        }

        [Differentiable]
        public static double readwriteread_helper(double[] x)
        {
            double product = f_read(x);
            g_write(x, product);
            double ret = h_read(x);
            return ret;
        }
    }

    // rwrloop.c
    public static partial class RwrLoop
    {
        [Differentiable]
        public static double alldiv(double[] a, ref int N)
        {
            double sum = 0;
            for (int i = 0; i < 10; i++)
            {
                for (int j = 0; j < N; j++)
                {
                    sum += a[10 * i + j] * a[10 * i + j];
                    a[10 * i + j] = 0;
                }
            }
            N = 7;
            return sum;
        }
    }

    // boundissue.c
    public static partial class BoundIssue
    {
        [Differentiable]
        public static void alldiv(double[] a, int N)
        {
            for (int i = 0; i <= N; i++)
            {
                a[i] *= a[i];
            }
        }
    }

    // headerremat.c
    public static partial class HeaderRemat
    {
        public static int evaluate_integrand(int nr, int dtheta)
        {
            return nr * dtheta;
        }

        [Differentiable]
        public static double integrate_image(double dr, double[] @out)
        {
            double dtheta = 1;

            {
                double I_estimate = 0;

                for (int k = 0; k < 10; k++)
                {
                    int nr = (int)(dr);
                    int ntheta = (int)(dtheta);

                    double sum = evaluate_integrand(nr, ntheta);

                    @out[k] *= nr * ntheta;
                    Console.WriteLine("dtheta={0}", nr * ntheta);
                    I_estimate = sum * dr;

                    // Update the step size
                    dr /= 0.8;
                    dtheta = dr / 4.0;
                }
                return I_estimate;
            }
        }
    }
}
