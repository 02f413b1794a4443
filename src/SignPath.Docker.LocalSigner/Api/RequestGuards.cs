using System.Globalization;
using SignPath.Docker.LocalSigner.Faults;

namespace SignPath.Docker.LocalSigner.Api;

/// <summary>
/// Runs before the endpoints: injected HTTP faults (in front of authentication, as an overloaded
/// proxy would answer) and the bearer token check. Nothing here logs headers.
/// </summary>
public static class RequestGuards
{
    public static void UseRequestGuards(this IApplicationBuilder app)
    {
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            if (path.Equals(AdminEndpoints.HealthPath, StringComparison.OrdinalIgnoreCase))
            {
                await next(context);
                return;
            }

            var isAdmin = path.StartsWithSegments(AdminEndpoints.Prefix, StringComparison.OrdinalIgnoreCase);
            if (!isAdmin && context.RequestServices.GetRequiredService<FaultInjector>().TakeHttpFault(context.Request.Method, path.Value ?? string.Empty) is { } fault)
            {
                if (fault.RetryAfterSeconds is { } seconds)
                {
                    context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                }

                var status = fault.Status ?? FaultSpecification.DefaultStatus;
                await Results.Problem(statusCode: status, title: "Injected fault", detail: fault.Reason ?? $"LocalSigner answered {status} because a fault was injected.")
                    .ExecuteAsync(context);
                return;
            }

            if (!context.RequestServices.GetRequiredService<BearerTokenCheck>().IsAuthorized(context.Request))
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: "The API token is missing or not valid.")
                    .ExecuteAsync(context);
                return;
            }

            await next(context);
        });
    }
}
