using Karma.TemporalDev.Engine;
using Karma.TemporalDev.Rpc;
using Karma.TemporalDev.Schedules;
using Temporalio.Api.WorkflowService.V1;

namespace Karma.TemporalDev.Api;

/// <summary>Schedule RPCs: create, describe, list, count, update, patch (pause / unpause / trigger), delete.</summary>
internal sealed class ScheduleApi(EngineCore core, Scheduler scheduler)
{
    public void Register(HandlerMap map)
    {
        map.Add<CreateScheduleRequest, CreateScheduleResponse>(r =>
        {
            Require(r.Namespace, r.ScheduleId);
            scheduler.Create(r);
            return new CreateScheduleResponse { ConflictToken = scheduler.Describe(r.Namespace, r.ScheduleId).ConflictToken };
        });
        map.Add<DescribeScheduleRequest, DescribeScheduleResponse>(r =>
        {
            Require(r.Namespace, r.ScheduleId);
            return scheduler.Describe(r.Namespace, r.ScheduleId);
        });
        map.Add<ListSchedulesRequest, ListSchedulesResponse>(r =>
        {
            core.Namespaces.Require(r.Namespace);
            return scheduler.List(r.Namespace);
        });
        map.Add<CountSchedulesRequest, CountSchedulesResponse>(r =>
        {
            core.Namespaces.Require(r.Namespace);
            if (!string.IsNullOrWhiteSpace(r.Query))
            {
                throw RpcErrors.InvalidArgument("CountSchedules: karma-temporal-dev counts all schedules of a namespace; a query is not supported.");
            }

            return new CountSchedulesResponse { Count = scheduler.List(r.Namespace).Schedules.Count };
        });
        map.Add<UpdateScheduleRequest, UpdateScheduleResponse>(r =>
        {
            Require(r.Namespace, r.ScheduleId);
            scheduler.Update(r);
            return new UpdateScheduleResponse();
        });
        map.Add<PatchScheduleRequest, PatchScheduleResponse>(r =>
        {
            Require(r.Namespace, r.ScheduleId);
            scheduler.Patch(r.Namespace, r.ScheduleId, r.Patch ?? new());
            return new PatchScheduleResponse();
        });
        map.Add<DeleteScheduleRequest, DeleteScheduleResponse>(r =>
        {
            Require(r.Namespace, r.ScheduleId);
            scheduler.Delete(r.Namespace, r.ScheduleId);
            return new DeleteScheduleResponse();
        });
    }

    private void Require(string ns, string scheduleId)
    {
        core.Namespaces.Require(ns);
        WorkflowApi.RequireText(scheduleId, "schedule id");
    }
}
