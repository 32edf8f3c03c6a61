import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { api, must } from "../../api/client";
import { Empty, ErrorState, Loading } from "../../components/states";
import { describeError } from "../../lib/problem";
import { AdminNav } from "./AdminNav";

export function AdminDeadLettersPage() {
  const queryClient = useQueryClient();
  const dead = useQuery({
    queryKey: ["deliveries", "dead"],
    queryFn: () =>
      must(
        api.GET("/api/notifications/admin/deliveries", { params: { query: { status: "dead" } } }),
      ),
  });
  const replay = useMutation({
    mutationFn: (d: { event_id: string; channel: string }) =>
      must(
        api.POST("/api/notifications/admin/deliveries/{event_id}/{channel}/replay", {
          params: { path: { event_id: d.event_id, channel: d.channel } },
        }),
      ),
    onSuccess: () => {
      toast.success("Queued again");
      return queryClient.invalidateQueries({ queryKey: ["deliveries"] });
    },
    onError: (error) => toast.error(describeError(error)),
  });
  return (
    <div className="space-y-4">
      <AdminNav />
      <h1 className="text-2xl font-semibold">Failed notifications</h1>
      {dead.isPending ? (
        <Loading label="Loading deliveries" />
      ) : dead.error ? (
        <ErrorState error={dead.error} retry={() => void dead.refetch()} />
      ) : dead.data.length === 0 ? (
        <Empty title="No failed notifications" />
      ) : (
        <ul className="space-y-2">
          {dead.data.map((d) => (
            <li
              key={`${d.event_id}-${d.channel}`}
              className="card flex flex-wrap justify-between gap-3 p-4"
            >
              <div className="text-sm">
                <p className="font-medium">
                  {d.event_type} by {d.channel} to {d.recipient}
                </p>
                <p>
                  {d.attempts} attempts; last error: {d.last_error ?? "none"}
                </p>
              </div>
              <button type="button" className="btn-secondary" onClick={() => replay.mutate(d)}>
                Replay
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
