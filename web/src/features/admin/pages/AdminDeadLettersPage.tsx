import { Empty, ErrorState, Loading } from "../../../ui/states";
import { useDeadDeliveries, useReplayDelivery } from "../api";
import { AdminNav } from "../components/AdminNav";

export function AdminDeadLettersPage() {
  const dead = useDeadDeliveries();
  const replay = useReplayDelivery();
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
