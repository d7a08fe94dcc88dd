using Karma.TemporalDev.Engine;
using Karma.TemporalDev.Rpc;
using Karma.TemporalDev.Visibility;
using Temporalio.Api.OperatorService.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Karma.TemporalDev.Api;

/// <summary>
/// Search attribute administration: OperatorService List/Add/RemoveSearchAttributes (the Temporal UI lists them
/// to build its filters; <c>temporal operator search-attribute create|list|remove</c> calls them) and the older
/// WorkflowService.GetSearchAttributes.
/// </summary>
internal sealed class OperatorApi(EngineCore core, SearchAttributeCatalog catalog)
{
    private const string StorageSchema = "sqlite";

    public void Register(HandlerMap map)
    {
        map.Add<ListSearchAttributesRequest, ListSearchAttributesResponse>(r =>
        {
            var ns = Namespace(r.Namespace);
            var response = new ListSearchAttributesResponse();
            foreach (var (name, type) in SearchAttributeCatalog.System)
            {
                response.SystemAttributes[name] = type;
            }

            foreach (var (name, type) in catalog.Custom(ns))
            {
                response.CustomAttributes[name] = type;
                response.StorageSchema[name] = StorageSchema;
            }

            return response;
        });
        map.Add<AddSearchAttributesRequest, AddSearchAttributesResponse>(r =>
        {
            var ns = Namespace(r.Namespace);
            if (r.SearchAttributes.Count == 0)
            {
                throw RpcErrors.InvalidArgument("AddSearchAttributes: no search attributes in the request.");
            }

            foreach (var (name, type) in r.SearchAttributes)
            {
                catalog.Add(ns, name, type);
            }

            return new AddSearchAttributesResponse();
        });
        map.Add<RemoveSearchAttributesRequest, RemoveSearchAttributesResponse>(r =>
        {
            var ns = Namespace(r.Namespace);
            foreach (var name in r.SearchAttributes)
            {
                catalog.Remove(ns, name);
            }

            return new RemoveSearchAttributesResponse();
        });
        map.Add<GetSearchAttributesRequest, GetSearchAttributesResponse>(_ =>
        {
            var response = new GetSearchAttributesResponse();
            foreach (var (name, type) in SearchAttributeCatalog.System)
            {
                response.Keys[name] = type;
            }

            foreach (var ns in core.Namespaces.All)
            {
                foreach (var (name, type) in catalog.Custom(ns.Name))
                {
                    response.Keys[name] = type;
                }
            }

            return response;
        });
    }

    /// <summary>The namespace the request names; an operator request without one means "default", as the CLI assumes.</summary>
    private string Namespace(string? ns) => core.Namespaces.Require(string.IsNullOrEmpty(ns) ? NamespaceRegistry.Default : ns).Name;
}
