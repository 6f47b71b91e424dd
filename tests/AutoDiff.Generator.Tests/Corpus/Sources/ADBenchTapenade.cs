// Ported from Microsoft ADBench (MIT licence, Copyright (c) Microsoft Corporation), see ../ATTRIBUTION.md: the plain C
// sources that ADBench feeds to Tapenade, src/cpp/modules/tapenade/{gmm/gmm.c, lstm/lstm.c, ba/ba.c}. Ported as a C#
// user would write them: `double const*` became ReadOnlySpan<double>, a written `double*` Span<double>, `&a[k]` a slice
// `a.Slice(k)`, malloc a `new double[...]`, the scalar out-parameter `*err` / `*loss` the return value, lgamma MathNet's
// SpecialFunctions.GammaLn, Tapenade's `-head "f(out)/(in...)"` the attribute's Wrt, and every function the objective
// calls [Differentiable]. Loops, locals, declarations at the top and the order of statements are kept.
using System;
using AutoDiff;

namespace Corpus.ADBench
{
    public struct Wishart
    {
        public double gamma;
        public int m;
    }

    public static partial class Gmm
    {
        const double PI = 3.14159265359;

        [Differentiable]
        public static double arr_max(int n, ReadOnlySpan<double> x)
        {
            int i;
            double m = x[0];
            for (i = 1; i < n; i++)
            {
                if (m < x[i])
                {
                    m = x[i];
                }
            }

            return m;
        }

        [Differentiable]
        public static double sqnorm(int n, ReadOnlySpan<double> x)
        {
            int i;
            double res = x[0] * x[0];
            for (i = 1; i < n; i++)
            {
                res = res + x[i] * x[i];
            }

            return res;
        }

        [Differentiable]
        public static void subtract(
            int d,
            ReadOnlySpan<double> x,
            ReadOnlySpan<double> y,
            Span<double> @out
        )
        {
            int id;
            for (id = 0; id < d; id++)
            {
                @out[id] = x[id] - y[id];
            }
        }

        [Differentiable]
        public static double log_sum_exp(int n, ReadOnlySpan<double> x)
        {
            int i;
            double mx = arr_max(n, x);
            double semx = 0.0;

            for (i = 0; i < n; i++)
            {
                semx = semx + Math.Exp(x[i] - mx);
            }

            return Math.Log(semx) + mx;
        }

        [Differentiable]
        public static double log_gamma_distrib(double a, double p)
        {
            int j;
            double @out = 0.25 * p * (p - 1) * Math.Log(PI);

            for (j = 1; j <= p; j++)
            {
                @out = @out + global::MathNet.Numerics.SpecialFunctions.GammaLn(a + 0.5 * (1 - j));
            }

            return @out;
        }

        [Differentiable]
        public static double log_wishart_prior(
            int p,
            int k,
            Wishart wishart,
            ReadOnlySpan<double> sum_qs,
            ReadOnlySpan<double> Qdiags,
            ReadOnlySpan<double> icf
        )
        {
            int ik;
            int n = p + wishart.m + 1;
            int icf_sz = p * (p + 1) / 2;

            double C = n * p * (Math.Log(wishart.gamma) - 0.5 * Math.Log(2)) - log_gamma_distrib(0.5 * n, p);

            double @out = 0;
            for (ik = 0; ik < k; ik++)
            {
                double frobenius = sqnorm(p, Qdiags.Slice(ik * p)) + sqnorm(icf_sz - p, icf.Slice(ik * icf_sz + p));
                @out = @out + 0.5 * wishart.gamma * wishart.gamma * (frobenius) - wishart.m * sum_qs[ik];
            }

            return @out - k * C;
        }

        [Differentiable]
        public static void preprocess_qs(
            int d,
            int k,
            ReadOnlySpan<double> icf,
            Span<double> sum_qs,
            Span<double> Qdiags
        )
        {
            int ik, id;
            int icf_sz = d * (d + 1) / 2;
            for (ik = 0; ik < k; ik++)
            {
                sum_qs[ik] = 0.0;
                for (id = 0; id < d; id++)
                {
                    double q = icf[ik * icf_sz + id];
                    sum_qs[ik] = sum_qs[ik] + q;
                    Qdiags[ik * d + id] = Math.Exp(q);
                }
            }
        }

        [Differentiable]
        public static void Qtimesx(
            int d,
            ReadOnlySpan<double> Qdiag,
            ReadOnlySpan<double> ltri, // strictly lower triangular part
            ReadOnlySpan<double> x,
            Span<double> @out
        )
        {
            int i, j;
            for (i = 0; i < d; i++)
            {
                @out[i] = Qdiag[i] * x[i];
            }

            int Lparamsidx = 0;
            for (i = 0; i < d; i++)
            {
                for (j = i + 1; j < d; j++)
                {
                    @out[j] = @out[j] + ltri[Lparamsidx] * x[i];
                    Lparamsidx++;
                }
            }
        }

        [Differentiable(Wrt = [nameof(alphas), nameof(means), nameof(icf)])]
        public static double gmm_objective(
            int d,
            int k,
            int n,
            ReadOnlySpan<double> alphas,
            ReadOnlySpan<double> means,
            ReadOnlySpan<double> icf,
            ReadOnlySpan<double> x,
            Wishart wishart
        )
        {
            int ix, ik;
            double CONSTANT = -n * d * 0.5 * Math.Log(2 * PI);
            int icf_sz = d * (d + 1) / 2;

            double[] Qdiags = new double[d * k];
            double[] sum_qs = new double[k];
            double[] xcentered = new double[d];
            double[] Qxcentered = new double[d];
            double[] main_term = new double[k];

            preprocess_qs(d, k, icf, sum_qs, Qdiags);

            double slse = 0.0;
            for (ix = 0; ix < n; ix++)
            {
                for (ik = 0; ik < k; ik++)
                {
                    subtract(d, x.Slice(ix * d), means.Slice(ik * d), xcentered);
                    Qtimesx(d, Qdiags.AsSpan(ik * d), icf.Slice(ik * icf_sz + d), xcentered, Qxcentered);
                    main_term[ik] = alphas[ik] + sum_qs[ik] - 0.5 * sqnorm(d, Qxcentered);
                }

                slse = slse + log_sum_exp(k, main_term);
            }

            double lse_alphas = log_sum_exp(k, alphas);
            return CONSTANT + slse - n * lse_alphas + log_wishart_prior(d, k, wishart, sum_qs, Qdiags, icf);
        }
    }

    public static partial class Lstm
    {
        // Sigmoid on scalar
        [Differentiable]
        public static double sigmoid(double x)
        {
            return 1.0 / (1.0 + Math.Exp(-x));
        }

        // log(sum(exp(x), 2))
        [Differentiable]
        public static double logsumexp(ReadOnlySpan<double> vect, int sz)
        {
            double sum = 0.0;
            int i;
            for (i = 0; i < sz; i++)
            {
                sum += Math.Exp(vect[i]);
            }
            sum += 2;
            return Math.Log(sum);
        }

        // The LSTM model
        [Differentiable]
        public static void lstm_model(
            int hsize,
            ReadOnlySpan<double> weight,
            ReadOnlySpan<double> bias,
            Span<double> hidden,
            Span<double> cell,
            ReadOnlySpan<double> input
        )
        {
            double[] gates = new double[4 * hsize];
            Span<double> forget = gates.AsSpan(0);
            Span<double> ingate = gates.AsSpan(hsize);
            Span<double> outgate = gates.AsSpan(2 * hsize);
            Span<double> change = gates.AsSpan(3 * hsize);
            int i;
            for (i = 0; i < hsize; i++)
            {
                forget[i] = sigmoid(input[i] * weight[i] + bias[i]);
                ingate[i] = sigmoid(hidden[i] * weight[hsize + i] + bias[hsize + i]);
                outgate[i] = sigmoid(input[i] * weight[2 * hsize + i] + bias[2 * hsize + i]);
                change[i] = Math.Tanh(hidden[i] * weight[3 * hsize + i] + bias[3 * hsize + i]);
            }
            for (i = 0; i < hsize; i++)
            {
                cell[i] = cell[i] * forget[i] + ingate[i] * change[i];
            }
            for (i = 0; i < hsize; i++)
            {
                hidden[i] = outgate[i] * Math.Tanh(cell[i]);
            }
        }

        // Predict LSTM output given an input
        [Differentiable]
        public static void lstm_predict(
            int l,
            int b,
            ReadOnlySpan<double> w,
            ReadOnlySpan<double> w2,
            Span<double> s,
            ReadOnlySpan<double> x,
            Span<double> x2
        )
        {
            int i;
            for (i = 0; i < b; i++)
            {
                x2[i] = x[i] * w2[i];
            }
            ReadOnlySpan<double> xp = x2;
            for (i = 0; i <= 2 * l * b - 1; i += 2 * b)
            {
                lstm_model(b, w.Slice(i * 4), w.Slice((i + b) * 4), s.Slice(i), s.Slice(i + b), xp);
                xp = s.Slice(i);
            }
            for (i = 0; i < b; i++)
            {
                x2[i] = xp[i] * w2[b + i] + w2[2 * b + i];
            }
        }

        // LSTM objective (loss function)
        [Differentiable(Wrt = [nameof(main_params), nameof(extra_params)])]
        public static double lstm_objective(
            int l,
            int c,
            int b,
            ReadOnlySpan<double> main_params,
            ReadOnlySpan<double> extra_params,
            double[] state,
            ReadOnlySpan<double> sequence
        )
        {
            int i, t;
            double total = 0.0;
            int count = 0;
            ReadOnlySpan<double> input = sequence.Slice(0);
            double[] ypred = new double[b];
            double[] ynorm = new double[b];
            ReadOnlySpan<double> ygold;
            double lse;
            for (t = 0; t <= (c - 1) * b - 1; t += b)
            {
                lstm_predict(l, b, main_params, extra_params, state, input, ypred);
                lse = logsumexp(ypred, b);
                for (i = 0; i < b; i++)
                {
                    ynorm[i] = ypred[i] - lse;
                }
                ygold = sequence.Slice(t + b);
                for (i = 0; i < b; i++)
                {
                    total += ygold[i] * ynorm[i];
                }
                count += b;
                input = ygold;
            }
            return -total / count;
        }
    }

    public static partial class BundleAdjustment
    {
        const int BA_NCAMPARAMS = 11;

        [Differentiable]
        public static double sqsum(int n, ReadOnlySpan<double> x)
        {
            int i;
            double res = 0;
            for (i = 0; i < n; i++)
            {
                res = res + x[i] * x[i];
            }
            return res;
        }

        [Differentiable]
        public static void cross(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> @out)
        {
            @out[0] = a[1] * b[2] - a[2] * b[1];
            @out[1] = a[2] * b[0] - a[0] * b[2];
            @out[2] = a[0] * b[1] - a[1] * b[0];
        }

        // rot: 3 rotation parameters
        // pt: 3 point to be rotated
        // rotatedPt: 3 rotated point
        [Differentiable]
        public static void rodrigues_rotate_point(ReadOnlySpan<double> rot, ReadOnlySpan<double> pt, Span<double> rotatedPt)
        {
            int i;
            double sqtheta = sqsum(3, rot);
            if (sqtheta != 0)
            {
                double theta, costheta, sintheta, theta_inverse;
                double[] w = new double[3], w_cross_pt = new double[3];
                double tmp;

                theta = Math.Sqrt(sqtheta);
                costheta = Math.Cos(theta);
                sintheta = Math.Sin(theta);
                theta_inverse = 1.0 / theta;

                for (i = 0; i < 3; i++)
                {
                    w[i] = rot[i] * theta_inverse;
                }

                cross(w, pt, w_cross_pt);

                tmp = (w[0] * pt[0] + w[1] * pt[1] + w[2] * pt[2]) *
                    (1.0 - costheta);

                for (i = 0; i < 3; i++)
                {
                    rotatedPt[i] = pt[i] * costheta + w_cross_pt[i] * sintheta + w[i] * tmp;
                }
            }
            else
            {
                double[] rot_cross_pt = new double[3];
                cross(rot, pt, rot_cross_pt);

                for (i = 0; i < 3; i++)
                {
                    rotatedPt[i] = pt[i] + rot_cross_pt[i];
                }
            }
        }

        [Differentiable]
        public static void radial_distort(ReadOnlySpan<double> rad_params, Span<double> proj)
        {
            double rsq, L;

            rsq = sqsum(2, proj);
            L = 1.0 + rad_params[0] * rsq + rad_params[1] * rsq * rsq;
            proj[0] = proj[0] * L;
            proj[1] = proj[1] * L;
        }

        [Differentiable]
        public static void project(ReadOnlySpan<double> cam, ReadOnlySpan<double> X, Span<double> proj)
        {
            ReadOnlySpan<double> C = cam.Slice(3);
            double[] Xo = new double[3], Xcam = new double[3];

            Xo[0] = X[0] - C[0];
            Xo[1] = X[1] - C[1];
            Xo[2] = X[2] - C[2];

            rodrigues_rotate_point(cam.Slice(0), Xo, Xcam);

            proj[0] = Xcam[0] / Xcam[2];
            proj[1] = Xcam[1] / Xcam[2];

            radial_distort(cam.Slice(9), proj);

            proj[0] = proj[0] * cam[6] + cam[7];
            proj[1] = proj[1] * cam[6] + cam[8];
        }

        [Differentiable(Wrt = [nameof(cam), nameof(X)])]
        public static void compute_reproj_error(
            ReadOnlySpan<double> cam,
            ReadOnlySpan<double> X,
            ReadOnlySpan<double> w,
            ReadOnlySpan<double> feat,
            Span<double> err
        )
        {
            double[] proj = new double[2];
            project(cam, X, proj);

            err[0] = (w[0])*(proj[0] - feat[0]);
            err[1] = (w[0])*(proj[1] - feat[1]);
        }

        [Differentiable]
        public static void compute_zach_weight_error(ReadOnlySpan<double> w, Span<double> err)
        {
            err[0] = 1 - (w[0])*(w[0]);
        }
    }
}
