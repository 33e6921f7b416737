using GatewayMesh.Core.Config.Model;
using GatewayMesh.Proxy.Resilience.Outlier;
using Xunit;
using static GatewayMesh.UnitTests.Resilience.ResilienceFixture;

namespace GatewayMesh.UnitTests.Resilience;

public class OutlierDetectionTests
{
    private static readonly TimeSpan Base = TimeSpan.FromSeconds(30);

    private static TrafficPolicy Policy(int? maxEjectionPercent = 100, int? minHealthPercent = null, int? consecutive5xx = null, int? gateway = null) =>
        Detecting(new OutlierDetection
        {
            Consecutive5xxErrors = consecutive5xx,
            ConsecutiveGatewayErrors = gateway,
            BaseEjectionTime = MeshDuration.FromTimeSpan(Base),
            Interval = MeshDuration.Parse("10s"),
            MaxEjectionPercent = maxEjectionPercent,
            MinHealthPercent = minHealthPercent,
        });

    [Fact]
    public void Report_FiveConsecutive5xxWithDefaultBlock_EjectsOnTheFifth()
    {
        using var mesh = new ResilienceFixture();
        mesh.Apply(Endpoints(2), Detecting(new OutlierDetection()));

        mesh.Answer(1, 500, 4);
        Assert.False(mesh.IsEjected(1));
        mesh.Answer(1, 500);

        Assert.True(mesh.IsEjected(1));
        Assert.False(mesh.IsEjected(2));
    }

    [Fact]
    public void Report_SuccessBetweenErrors_ResetsTheRun()
    {
        using var mesh = new ResilienceFixture();
        mesh.Apply(Endpoints(2), Policy());

        mesh.Answer(1, 503, 4);
        mesh.Answer(1, 200);
        mesh.Answer(1, 503, 4);

        Assert.False(mesh.IsEjected(1));
        mesh.Answer(1, 503);
        Assert.True(mesh.IsEjected(1));
    }

    [Fact]
    public void Report_4xxAnswers_AreNotErrors()
    {
        using var mesh = new ResilienceFixture();
        mesh.Apply(Endpoints(2), Policy());

        mesh.Answer(1, 404, 20);

        Assert.False(mesh.IsEjected(1));
    }

    [Fact]
    public void Report_WithoutOutlierDetection_NeverEjects()
    {
        using var mesh = new ResilienceFixture();
        mesh.Apply(Endpoints(2), null);

        mesh.Answer(1, 503, 50);

        Assert.False(mesh.IsEjected(1));
        Assert.Equal([1, 2], mesh.Picked().Order());
    }

    [Fact]
    public void Report_Consecutive5xxZero_DisablesThatDetection()
    {
        using var mesh = new ResilienceFixture();
        mesh.Apply(Endpoints(2), Policy(consecutive5xx: 0));

        mesh.Answer(1, 500, 50);

        Assert.False(mesh.IsEjected(1));
    }

    [Fact]
    public void Report_ConsecutiveGatewayErrors_CountOnly502To504AndConnectFailures()
    {
        using var mesh = new ResilienceFixture();
        mesh.Apply(Endpoints(2), Policy(consecutive5xx: 0, gateway: 3));

        mesh.Answer(1, 500, 10);
        Assert.False(mesh.IsEjected(1));

        mesh.Answer(1, 502);
        mesh.Report(1, AttemptOutcome.ConnectFailure);
        Assert.False(mesh.IsEjected(1));
        mesh.Answer(1, 504);

        Assert.True(mesh.IsEjected(1));
    }

    [Fact]
    public void Report_SplitLocalOriginErrors_CountConnectFailuresSeparately()
    {
        using var mesh = new ResilienceFixture();
        mesh.Apply(Endpoints(2), Detecting(new OutlierDetection
        {
            SplitExternalLocalOriginErrors = true,
            ConsecutiveLocalOriginFailures = 2,
            Consecutive5xxErrors = 3,
            MaxEjectionPercent = 100,
        }));

        mesh.Answer(1, 500, 2);
        mesh.Report(1, AttemptOutcome.ConnectFailure);
        Assert.False(mesh.IsEjected(1)); // a local failure neither adds to nor resets the 5xx run

        mesh.Report(1, AttemptOutcome.Timeout);
        Assert.True(mesh.IsEjected(1));
    }

    [Fact]
    public void Ejection_AfterBaseEjectionTime_EndpointReturns()
    {
        using var mesh = new ResilienceFixture();
        mesh.Apply(Endpoints(2), Policy());
        mesh.Answer(1, 503, 5);

        mesh.Time.Advance(Base - TimeSpan.FromMilliseconds(1));
        Assert.True(mesh.IsEjected(1));
        Assert.Equal([2], mesh.Picked());

        mesh.Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.False(mesh.IsEjected(1));
        Assert.Equal([1, 2], mesh.Picked().Order());
    }

    [Fact]
    public void Ejection_AgainRightAfterReturning_LastsTwiceTheBaseTime()
    {
        using var mesh = new ResilienceFixture();
        mesh.Apply(Endpoints(2), Policy());
        mesh.Answer(1, 503, 5);
        mesh.Time.Advance(Base);

        mesh.Answer(1, 503, 5);

        mesh.Time.Advance((2 * Base) - TimeSpan.FromMilliseconds(1));
        Assert.True(mesh.IsEjected(1));
        mesh.Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.False(mesh.IsEjected(1));

        mesh.Answer(1, 503, 5); // third in a row: 3 × base
        var status = Assert.Single(mesh.Outliers.Snapshot(), s => s.Ejected);
        Assert.Equal(3 * Base, status.ReturnsAt - status.EjectedAt);
        Assert.Equal(3, status.Ejections);
    }

    [Fact]
    public void Ejection_AfterIntervalsInService_MultiplierStepsBackDown()
    {
        using var mesh = new ResilienceFixture();
        mesh.Apply(Endpoints(2), Policy());
        mesh.Answer(1, 503, 5);
        mesh.Time.Advance(Base);
        mesh.Answer(1, 503, 5);
        mesh.Time.Advance(2 * Base);

        mesh.Time.Advance(TimeSpan.FromSeconds(20)); // two 10 s intervals in service: multiplier 2 → 0
        mesh.Answer(1, 503, 5);

        var status = Assert.Single(mesh.Outliers.Snapshot(), s => s.Ejected);
        Assert.Equal(Base, status.ReturnsAt - status.EjectedAt);
    }

    [Fact]
    public void Ejection_LongBaseTime_IsCappedAtMaxEjectionTime()
    {
        var policy = OutlierPolicy.From(new OutlierDetection { BaseEjectionTime = MeshDuration.Parse("100s") })!;

        Assert.Equal(TimeSpan.FromSeconds(100), policy.EjectionTime(1));
        Assert.Equal(TimeSpan.FromSeconds(300), policy.EjectionTime(5));
    }

    [Fact]
    public void MaxEjectionPercent_Reached_LeavesFurtherOutliersInService()
    {
        using var mesh = new ResilienceFixture();
        mesh.Apply(Endpoints(10), Policy(maxEjectionPercent: 20));

        for (var n = 1; n <= 3; n++)
        {
            mesh.Answer(n, 503, 5);
        }

        Assert.True(mesh.IsEjected(1));
        Assert.True(mesh.IsEjected(2));
        Assert.False(mesh.IsEjected(3));
        Assert.Equal(8, mesh.Picked().Count);
    }

    [Fact]
    public void MaxEjectionPercent_DefaultTenOnTwoEndpoints_StillEjectsOne()
    {
        using var mesh = new ResilienceFixture();
        mesh.Apply(Endpoints(2), Detecting(new OutlierDetection()));

        mesh.Answer(1, 503, 5);
        mesh.Answer(2, 503, 5);

        Assert.True(mesh.IsEjected(1));
        Assert.False(mesh.IsEjected(2));
    }

    [Fact]
    public void MaxEjectionPercent_Zero_EjectsNothing()
    {
        using var mesh = new ResilienceFixture();
        mesh.Apply(Endpoints(2), Policy(maxEjectionPercent: 0));

        mesh.Answer(1, 503, 5);

        Assert.False(mesh.IsEjected(1));
    }

    [Fact]
    public void MaxEjectionPercent_AfterAReturn_AllowsTheNextOutlier()
    {
        using var mesh = new ResilienceFixture();
        mesh.Apply(Endpoints(2), Detecting(new OutlierDetection { BaseEjectionTime = MeshDuration.FromTimeSpan(Base) }));
        mesh.Answer(1, 503, 5);
        mesh.Answer(2, 503, 5);
        Assert.False(mesh.IsEjected(2));

        mesh.Time.Advance(Base);
        mesh.Answer(2, 503, 5);

        Assert.True(mesh.IsEjected(2));
    }

    [Fact]
    public void MinHealthPercent_TooFewLeftInService_BalancerUsesEveryEndpoint()
    {
        using var mesh = new ResilienceFixture();
        mesh.Apply(Endpoints(3), Policy(minHealthPercent: 50));

        mesh.Answer(1, 503, 5);
        Assert.Equal([2, 3], mesh.Picked().Order()); // 67 % in service: ejection honoured

        mesh.Answer(2, 503, 5);
        Assert.True(mesh.IsEjected(2));
        Assert.Equal([1, 2, 3], mesh.Picked().Order()); // 33 % < 50 %: panic, every endpoint used
    }

    [Fact]
    public void AllEjected_WithoutMinHealth_BalancerHasNoEndpoint()
    {
        using var mesh = new ResilienceFixture();
        mesh.Apply(Endpoints(2), Policy());

        mesh.Answer(1, 503, 5);
        mesh.Answer(2, 503, 5);

        Assert.Empty(mesh.Picked());
    }

    [Fact]
    public void Reload_SameEndpoint_KeepsItsEjectionAndTheBalancer()
    {
        using var mesh = new ResilienceFixture();
        mesh.Apply(Endpoints(2), Policy());
        mesh.Answer(1, 503, 5);
        var balancer = mesh.Entry.LoadBalancer;

        mesh.Apply(Endpoints(2), Policy());
        Assert.Same(balancer, mesh.Entry.LoadBalancer);
        Assert.True(mesh.IsEjected(1));

        mesh.Apply(Endpoints(1, 2, 3), Policy()); // another generation with one endpoint more
        Assert.True(mesh.IsEjected(1));
        Assert.Equal([2, 3], mesh.Picked().Order());

        mesh.Time.Advance(Base);
        Assert.Equal([1, 2, 3], mesh.Picked().Order());
    }

    [Fact]
    public void Reload_ErrorRunInProgress_ContinuesInTheNewGeneration()
    {
        using var mesh = new ResilienceFixture();
        mesh.Apply(Endpoints(2), Policy());
        mesh.Answer(1, 503, 3);

        mesh.Apply(Endpoints(1, 2, 3), Policy());
        mesh.Answer(1, 503, 2);

        Assert.True(mesh.IsEjected(1));
    }

    [Fact]
    public void Reload_EndpointRemoved_DropsItsState()
    {
        using var mesh = new ResilienceFixture();
        mesh.Apply(Endpoints(2), Policy());
        mesh.Answer(1, 503, 5);

        mesh.Apply(Endpoints(2, 3), Policy());
        Assert.DoesNotContain(mesh.Outliers.Snapshot(), s => s.Endpoint.Address == "10.0.0.1");

        mesh.Apply(Endpoints(1, 2, 3), Policy());
        Assert.False(mesh.IsEjected(1));
        Assert.Equal([1, 2, 3], mesh.Picked().Order());
    }

    [Fact]
    public void Reload_OutlierDetectionRemoved_ReturnsEjectedEndpoints()
    {
        using var mesh = new ResilienceFixture();
        mesh.Apply(Endpoints(2), Policy());
        mesh.Answer(1, 503, 5);

        mesh.Apply(Endpoints(2), null);

        Assert.False(mesh.IsEjected(1));
        Assert.Equal([1, 2], mesh.Picked().Order());
    }

    [Fact]
    public void ReportThroughEntry_ByEndpointIndex_CountsLikeTheKeyedReport()
    {
        using var mesh = new ResilienceFixture();
        mesh.Apply(Endpoints(2), Policy());

        for (var i = 0; i < 5; i++)
        {
            mesh.Resilience.Report(0, AttemptOutcome.Response(503));
        }

        mesh.Resilience.Report(1, null); // a client cancel counts nothing
        Assert.True(mesh.IsEjected(1));
        Assert.True(mesh.Resilience.Outliers!.IsEjected(0));
    }

    [Fact]
    public void Report_ForAnEjectedEndpoint_InFlightAnswersAreIgnored()
    {
        using var mesh = new ResilienceFixture();
        mesh.Apply(Endpoints(2), Policy());
        mesh.Answer(1, 503, 5);

        mesh.Answer(1, 503, 20);

        var status = Assert.Single(mesh.Outliers.Snapshot(), s => s.Ejected);
        Assert.Equal(1, status.Ejections);
    }
}
